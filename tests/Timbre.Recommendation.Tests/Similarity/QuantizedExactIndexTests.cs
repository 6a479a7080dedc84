using Timbre.Core.Errors;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

public class QuantizedExactIndexTests
{
    private static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));

    private static float[] RandomMatrix(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var m = new float[n * d];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = Gaussian(rng);
        }

        return m;
    }

    /// <summary>Tight clusters (noise 0.02 around 20 centres) plus exact duplicates: many near-ties and exact ties.</summary>
    private static float[] ClusteredMatrix(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var centres = RandomMatrix(20, d, seed + 1);
        var m = new float[n * d];
        for (var r = 0; r < n; r++)
        {
            var c = rng.Next(20);
            for (var j = 0; j < d; j++)
            {
                m[(r * d) + j] = centres[(c * d) + j] + (0.02f * Gaussian(rng));
            }

            if (r % 50 == 49)
            {
                Array.Copy(m, (r - 1) * d, m, r * d, d); // duplicate of the previous row
            }
        }

        return m;
    }

    private static (SimilarityIndex Exact, QuantizedExactIndex Quantized) Build(float[] matrix, int n, int d, SimilarityIndexOptions options)
    {
        var ids = Enumerable.Range(0, n).Select(i => (long)(1000 + i)).ToArray();
        return (new SimilarityIndex(ids, (float[])matrix.Clone(), d, options), new QuantizedExactIndex(ids, (float[])matrix.Clone(), d, options));
    }

    [Theory]
    [InlineData(false, 128, 20_000, 10, 1)]
    [InlineData(false, 128, 20_000, 10, 2)]
    [InlineData(true, 128, 20_000, 10, 2)]
    [InlineData(true, 64, 5_000, 50, 1)]
    [InlineData(false, 24, 3_000, 10, 1)] // dimension not a multiple of 32: scalar approximation path
    [InlineData(true, 13, 2_000, 5, 2)]
    public void TopKIsIdenticalToBruteForce(bool clustered, int d, int n, int k, int threads)
    {
        var matrix = clustered ? ClusteredMatrix(n, d, seed: n + d) : RandomMatrix(n, d, seed: n + d);
        var options = new SimilarityIndexOptions { ParallelThreshold = 1_000, MaxDegreeOfParallelism = threads };
        var (exact, quantized) = Build(matrix, n, d, options);
        var queries = clustered ? ClusteredMatrix(30, d, seed: n + d) : RandomMatrix(30, d, seed: 7);
        for (var i = 0; i < 30; i++)
        {
            var q = queries.AsSpan(i * d, d);
            var expected = exact.Search(q, k);
            var actual = quantized.Search(q, k);
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score));
        }
    }

    [Fact]
    public void StoredRowsAsQueriesAndExclusionsMatch()
    {
        const int n = 4_000, d = 32;
        var matrix = ClusteredMatrix(n, d, seed: 3);
        var (exact, quantized) = Build(matrix, n, d, new SimilarityIndexOptions { ParallelThreshold = 500 });
        for (var row = 0; row < n; row += 397)
        {
            var q = exact.VectorAt(row).ToArray();
            var exclude = new HashSet<long> { exact.IdAt(row), exact.IdAt((row + 1) % n) };
            Assert.Equal(exact.Search(q, 10, exclude), quantized.Search(q, 10, exclude));
            Assert.Equal(exact.Search(q, 10), quantized.Search(q, 10));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SearchManyEqualsSingleSearches(int threads)
    {
        const int n = 12_000, d = 64;
        var (exact, quantized) = Build(ClusteredMatrix(n, d, seed: 5), n, d, new SimilarityIndexOptions { ParallelThreshold = 1_000, MaxDegreeOfParallelism = threads });
        var queries = Enumerable.Range(0, 9).Select(i => RandomMatrix(1, d, seed: 100 + i)).ToList();
        queries.Add(exact.VectorAt(17).ToArray());
        var exclude = new HashSet<long> { exact.IdAt(17) };
        var batch = quantized.SearchMany(queries, 10, exclude);
        Assert.Equal(queries.Count, batch.Length);
        for (var i = 0; i < queries.Count; i++)
        {
            Assert.Equal(exact.Search(queries[i], 10, exclude), batch[i]);
        }

        Assert.All(quantized.SearchMany(queries, 0), r => Assert.Empty(r));
        Assert.Empty(quantized.SearchMany([], 5));
        Assert.Throws<ArgumentException>(() => quantized.SearchMany([new float[3]], 5));
    }

    [Fact]
    public void UpperBoundNeverBelowExactScore()
    {
        const int n = 3_000, d = 64;
        var matrix = RandomMatrix(n, d, seed: 11);
        var (exact, quantized) = Build(matrix, n, d, SimilarityIndexOptions.Default);
        var scores = new float[n];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var q = VectorMath.Normalized(RandomMatrix(1, d, seed));
            exact.ScoreAll(q, scores);
            var slackUsed = 0f;
            for (var r = 0; r < n; r++)
            {
                var upper = quantized.UpperBound(q, r);
                Assert.True(upper >= scores[r], $"row {r}: bound {upper} < exact {scores[r]}");
                slackUsed = Math.Max(slackUsed, upper - scores[r]);
            }

            Assert.InRange(slackUsed, 1e-4f, 0.05f); // the bound is real but not vacuous
        }
    }

    [Fact]
    public void SmallAndDegenerateInputs()
    {
        var (exact, quantized) = Build(RandomMatrix(5, 32, 1), 5, 32, SimilarityIndexOptions.Default);
        var q = RandomMatrix(1, 32, 2);
        Assert.Equal(exact.Search(q, 10), quantized.Search(q, 10));
        Assert.Empty(quantized.Search(q, 0));
        Assert.Equal(exact.Search(new float[32], 3), quantized.Search(new float[32], 3)); // zero query: all ties
        Assert.Throws<ArgumentException>(() => quantized.Search(new float[31], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => quantized.Search(q, -1));
        Assert.Throws<InvalidOptionsException>(() => new QuantizedExactIndex([1L], new float[4], 4, new SimilarityIndexOptions { Metric = SimilarityMetric.Euclidean }));
        Assert.Equal(5, quantized.Count);
        Assert.Equal(exact.VectorAt(3).ToArray(), quantized.VectorAt(3).ToArray());
    }

    [Fact]
    public void QuantizeBoundsTheResidual()
    {
        var rng = new Random(5);
        var v = VectorMath.Normalized(Enumerable.Range(0, 128).Select(_ => Gaussian(rng)).ToArray());
        var codes = new sbyte[128];
        QuantizedExactIndex.Quantize(v, codes, out var scale, out var bound);
        var residual = Math.Sqrt(v.Select((x, j) => Math.Pow(x - ((double)scale * codes[j]), 2)).Sum());
        Assert.True(bound >= residual);
        Assert.True(bound <= residual * 1.001 + 1e-6);
        Assert.Contains(codes, c => Math.Abs((int)c) == 127);
    }
}
