using Timbre.Core.Errors;
using Timbre.Recommendation.Similarity;
using Xunit.Abstractions;

namespace Timbre.Recommendation.Tests.Similarity;

public class AnnIndexTests(ITestOutputHelper output)
{
    private static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));

    /// <summary>Rows around <paramref name="clusters"/> random centres with noise 0.35 per value (clusters overlap, as genres do).</summary>
    internal static float[][] Clustered(int n, int d, int clusters, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, d).Select(_ => Gaussian(rng)).ToArray()).ToArray();
        return Enumerable.Range(0, n).Select(_ =>
        {
            var c = centres[rng.Next(clusters)];
            return c.Select(x => x + (0.35f * Gaussian(rng))).ToArray();
        }).ToArray();
    }

    private static long[] Ids(int n, int from = 1000) => Enumerable.Range(from, n).Select(i => (long)i).ToArray();

    private static long[] TopIds(ISimilarityIndex index, float[] q, int k, IReadOnlySet<long>? exclude = null)
        => index.Search(q, k, exclude).Select(h => h.Id).ToArray();

    [Theory]
    [InlineData(AnnPrecision.Float16)]
    [InlineData(AnnPrecision.Float32)]
    [InlineData(AnnPrecision.Int8)]
    public void RecallAt10AgainstExactIsAtLeast95Percent(AnnPrecision precision)
    {
        const int n = 20_000, d = 64, queries = 300;
        var all = Clustered(n + queries, d, clusters: 100, seed: 11);
        var exact = new SimilarityIndex(Ids(n), all[..n]);
        var ann = new AnnIndex(exact, new AnnIndexOptions { Precision = precision, Engine = AnnEngine.USearch });
        var queryVectors = all[n..];
        var hits = 0;
        foreach (var q in queryVectors)
        {
            hits += TopIds(ann, q, 10).Intersect(TopIds(exact, q, 10)).Count();
        }

        var recall = hits / (10.0 * queries);
        output.WriteLine($"{precision}: recall@10 = {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 = {recall:F4}");
    }

    [Fact]
    public void ScoresAreTheExactScoresBestFirst()
    {
        var vectors = Clustered(3_001, 32, clusters: 20, seed: 3);
        var exact = new SimilarityIndex(Ids(3_000), vectors[..3_000]);
        var ann = new AnnIndex(exact);
        var q = vectors[3_000];
        var hits = ann.Search(q, 25);
        Assert.Equal(25, hits.Count);
        foreach (var h in hits)
        {
            Assert.Equal(exact.ScoreQuery(q, h.Row), h.Score, 5);
            Assert.Equal(exact.IdAt(h.Row), h.Id);
        }

        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void IncrementalAddAndRemoveEqualARebuild()
    {
        const int d = 32;
        var all = Clustered(4_100, d, clusters: 30, seed: 21);
        var ids = Ids(4_000);
        var ann = new AnnIndex(new SimilarityIndex(ids[..3_500], all[..3_500]));
        var removed = ids.Where((_, i) => i % 12 == 0 && i < 3_500).ToHashSet();
        var updated = ann.WithRows(ids[3_500..], all[3_500..4_000], removed);

        var keptRows = Enumerable.Range(0, 4_000).Where(i => !removed.Contains(ids[i])).ToArray();
        var rebuilt = new AnnIndex(new SimilarityIndex(keptRows.Select(i => ids[i]).ToArray(), keptRows.Select(i => all[i]).ToArray()));
        Assert.Equal(rebuilt.Count, updated.Count);
        foreach (var q in all[4_000..])
        {
            var incremental = updated.Search(q, 10);
            Assert.Equal(rebuilt.Search(q, 10), incremental);
            Assert.DoesNotContain(incremental, h => removed.Contains(h.Id));
        }
    }

    [Fact]
    public void AnOlderIndexStillReturnsOnlyItsOwnRowsAfterTheGraphMoves()
    {
        var all = Clustered(2_000, 16, clusters: 10, seed: 31);
        var ids = Ids(2_000);
        var old = new AnnIndex(new SimilarityIndex(ids[..1_500], all[..1_500]));
        var next = old.WithRows(ids[1_500..], all[1_500..], new HashSet<long>());
        var own = ids[..1_500].ToHashSet();
        foreach (var q in all[1_500..1_600])
        {
            Assert.All(old.Search(q, 10), h => Assert.Contains(h.Id, own));
            Assert.Equal(10, old.Search(q, 10).Count);
        }

        // Updating the older index again cannot reuse the shared graph: it gets its own, and stays right.
        var branch = old.WithRows([99_999L], [all[0]], new HashSet<long>());
        Assert.Equal(99_999L, branch.Search(all[0], 2).Select(h => h.Id).Max());
        Assert.Equal(2_000, next.Count);
    }

    [Fact]
    public void ExclusionsAndShortIndexesFallBackToTheExactAnswer()
    {
        var vectors = Clustered(200, 8, clusters: 4, seed: 41);
        var exact = new SimilarityIndex(Ids(200), vectors);
        var ann = new AnnIndex(exact);
        var exclude = Ids(200).Where(id => id % 3 != 0).ToHashSet();
        var q = vectors[7];
        Assert.Equal(exact.Search(q, 50, exclude), ann.Search(q, 50, exclude));
        Assert.Equal(exact.Search(q, 500), ann.Search(q, 500));
        Assert.Empty(ann.Search(q, 0));
    }

    [Theory]
    [InlineData(true, AnnPrecision.Int8)]
    [InlineData(false, AnnPrecision.Int8)]
    [InlineData(true, AnnPrecision.Float16)]
    [InlineData(false, AnnPrecision.Float32)]
    public void SaveAndOpenRoundTrip(bool view, AnnPrecision precision)
    {
        var vectors = Clustered(5_050, 24, clusters: 25, seed: 51)[..5_000];
        var queries = Clustered(5_050, 24, clusters: 25, seed: 51)[5_000..];
        var exact = new SimilarityIndex(Ids(5_000), vectors);
        var ann = new AnnIndex(exact, new AnnIndexOptions { Precision = precision, Engine = AnnEngine.USearch });
        var path = Path.Combine(Path.GetTempPath(), $"timbre-ann-{Guid.NewGuid():N}.usearch");
        try
        {
            ann.Save(path);
            var opened = AnnIndex.Open(exact, path, view: view);
            foreach (var q in queries)
            {
                Assert.Equal(ann.Search(q, 10), opened.Search(q, 10));
            }

            // A memory-mapped graph is copied into memory on its first change.
            var grown = opened.WithRows([1L], [vectors[0]], new HashSet<long> { 1000L });
            Assert.Equal(1L, grown.Search(vectors[0], 1)[0].Id);

            var other = new SimilarityIndex(Ids(5_000, from: 50_000), vectors);
            Assert.Throws<InvalidDataException>(() => AnnIndex.Open(other, path, view: view));
            Assert.Throws<InvalidDataException>(() => AnnIndex.Open(new SimilarityIndex(Ids(10), vectors[..10]), path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<FileNotFoundException>(() => AnnIndex.Open(exact, path));
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var vectors = Clustered(100, 8, clusters: 2, seed: 61);
        var ann = new AnnIndex(new SimilarityIndex(Ids(100), vectors));
        var wrongSize = Assert.Throws<ArgumentException>(() => ann.Search(new float[7], 5));
        Assert.Contains("dimension 7", wrongSize.Message);
        var nanQuery = Enumerable.Repeat(0.5f, 8).ToArray();
        nanQuery[3] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ann.Search(nanQuery, 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ann.Search(vectors[0], -1));

        var withNaN = vectors.Select(v => (float[])v.Clone()).ToArray();
        withNaN[42][1] = float.NaN;
        var nanRow = Assert.Throws<ArgumentException>(() => new AnnIndex(new SimilarityIndex(Ids(100), withNaN)));
        Assert.Contains("track 1042", nanRow.Message);
        Assert.Throws<ArgumentException>(() => ann.WithRows([5L], [new float[9]], new HashSet<long>()));

        var euclidean = new SimilarityIndex(Ids(100), vectors, new SimilarityIndexOptions { Metric = SimilarityMetric.Euclidean });
        Assert.Throws<InvalidOptionsException>(() => new AnnIndex(euclidean));
        Assert.Throws<InvalidOptionsException>(() => new AnnIndexOptions { OverFetch = 0 }.Validate());
        Assert.Throws<InvalidOptionsException>(() => new AnnIndexOptions { Connectivity = 1 }.Validate());
        Assert.Throws<InvalidOptionsException>(() => new AnnIndexOptions { BuildThreads = 0 }.Validate());
    }

    [Fact]
    public void ChooseForKeepsTheExactIndexBelowTheThreshold()
    {
        var vectors = Clustered(300, 8, clusters: 3, seed: 71);
        var exact = new SimilarityIndex(Ids(300), vectors);
        Assert.Same(exact, AnnIndex.ChooseFor(exact));
        Assert.IsType<AnnIndex>(AnnIndex.ChooseFor(exact, new AnnIndexOptions { Threshold = 300 }));
        var euclidean = new SimilarityIndex(Ids(300), vectors, new SimilarityIndexOptions { Metric = SimilarityMetric.Euclidean });
        Assert.Same(euclidean, AnnIndex.ChooseFor(euclidean, new AnnIndexOptions { Threshold = 1 }));
    }
}
