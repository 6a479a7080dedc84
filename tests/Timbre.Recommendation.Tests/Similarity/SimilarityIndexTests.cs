using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

public class SimilarityIndexTests
{
    private static float[][] RandomVectors(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray()).ToArray();
    }

    private static List<(long Id, double Score)> Naive(float[][] vectors, float[] q, int k, SimilarityMetric metric, double p, IReadOnlySet<long>? exclude = null)
    {
        static double[] Unit(float[] v)
        {
            var n = Math.Sqrt(v.Sum(x => (double)x * x));
            return v.Select(x => x / n).ToArray();
        }

        var uq = Unit(q);
        return vectors.Select((v, i) =>
            {
                var u = Unit(v);
                double s = metric switch
                {
                    SimilarityMetric.Cosine => u.Zip(uq, (a, b) => a * b).Sum(),
                    SimilarityMetric.Euclidean => -Math.Sqrt(u.Zip(uq, (a, b) => (a - b) * (a - b)).Sum()),
                    _ => -Math.Pow(u.Zip(uq, (a, b) => Math.Pow(Math.Abs(a - b), p)).Sum(), 1 / p),
                };
                return (Id: (long)(i + 100), Score: s);
            })
            .Where(x => exclude is null || !exclude.Contains(x.Id))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id)
            .Take(k)
            .ToList();
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine, 24, 1_000)]
    [InlineData(SimilarityMetric.Cosine, 128, 3_001)]
    [InlineData(SimilarityMetric.Cosine, 13, 500)]
    [InlineData(SimilarityMetric.Euclidean, 24, 1_000)]
    [InlineData(SimilarityMetric.Minkowski, 16, 800)]
    public void TopKMatchesNaiveBruteForce(SimilarityMetric metric, int d, int n)
    {
        var vectors = RandomVectors(n, d, seed: d + n);
        var options = new SimilarityIndexOptions { Metric = metric, P = 3, ParallelThreshold = 1_000 };
        var index = new SimilarityIndex(Enumerable.Range(100, n).Select(i => (long)i).ToArray(), vectors, options);
        var queries = RandomVectors(5, d, seed: 99);
        foreach (var q in queries)
        {
            var expected = Naive(vectors, q, 10, metric, 3);
            var actual = index.Search(q, 10);
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.InRange(actual[i].Score - expected[i].Score, -1e-5, 1e-5);
            }
        }
    }

    [Fact]
    public void ParallelAndSequentialSearchAgreeAndExclusionsAreHonoured()
    {
        var vectors = RandomVectors(20_000, 32, seed: 5);
        var ids = Enumerable.Range(100, vectors.Length).Select(i => (long)i).ToArray();
        var parallel = new SimilarityIndex(ids, vectors, new SimilarityIndexOptions { ParallelThreshold = 1 });
        var sequential = new SimilarityIndex(ids, vectors, new SimilarityIndexOptions { MaxDegreeOfParallelism = 1 });
        var q = RandomVectors(1, 32, seed: 6)[0];
        var best = sequential.Search(q, 3).Select(h => h.Id).ToHashSet();
        var expected = Naive(vectors, q, 25, SimilarityMetric.Cosine, 0, best);
        Assert.Equal(expected.Select(e => e.Id), parallel.Search(q, 25, best).Select(h => h.Id));
        Assert.Equal(sequential.Search(q, 25, best).Select(h => h.Id), parallel.Search(q, 25, best).Select(h => h.Id));
    }

    [Fact]
    public void TiesAreBrokenByLowerRow()
    {
        var v = new[] { 1f, 2f, 3f };
        var index = new SimilarityIndex([7, 3, 9, 1], [new[] { -1f, 0f, 0f }, v, v, v]);
        var hits = index.Search(v, 2);
        Assert.Equal(new long[] { 3, 9 }, hits.Select(h => h.Id));
        Assert.Equal(hits[0].Score, hits[1].Score);
    }

    [Fact]
    public void KLargerThanCountReturnsEverythingSorted()
    {
        var vectors = RandomVectors(7, 4, seed: 1);
        var index = new SimilarityIndex(Enumerable.Range(0, 7).Select(i => (long)i).ToArray(), vectors);
        var hits = index.Search(vectors[2], 50);
        Assert.Equal(7, hits.Count);
        Assert.Equal(2, hits[0].Id);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void EmptyIndexReturnsNothing()
    {
        var index = new SimilarityIndex([], Array.Empty<float>(), 8);
        Assert.Empty(index.Search(new float[8], 5));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void DimensionMismatchThrows()
    {
        var index = new SimilarityIndex([1, 2], [new[] { 1f, 0f, 0f }, new[] { 0f, 1f, 0f }]);
        Assert.Throws<ArgumentException>(() => index.Search(new[] { 1f, 0f }, 1));
        Assert.Throws<ArgumentException>(() => new SimilarityIndex([1, 2], [new[] { 1f, 0f }, new[] { 1f }]));
        Assert.Throws<ArgumentException>(() => new SimilarityIndex([1, 1], [new[] { 1f }, new[] { 1f }]));
    }

    [Fact]
    public void BadOptionsThrow()
    {
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => new SimilarityIndexOptions { Normalize = false }.Validate());
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => new SimilarityIndexOptions { Metric = SimilarityMetric.Minkowski, P = 0.5 }.Validate());
    }

    [Fact]
    public void StoredRowsAreUnitLengthAndScoreAllMatchesSearch()
    {
        var vectors = RandomVectors(300, 16, seed: 3);
        var index = new SimilarityIndex(Enumerable.Range(0, 300).Select(i => (long)i).ToArray(), vectors);
        for (var r = 0; r < 300; r += 37)
        {
            Assert.InRange(Math.Sqrt(index.VectorAt(r).ToArray().Sum(x => (double)x * x)), 1 - 1e-5, 1 + 1e-5);
        }

        var scores = new float[300];
        index.ScoreAll(vectors[5], scores);
        var top = index.Search(vectors[5], 1)[0];
        Assert.Equal(scores.Max(), top.Score);
        Assert.InRange(top.Score, 1 - 1e-5, 1 + 1e-5);
    }
}
