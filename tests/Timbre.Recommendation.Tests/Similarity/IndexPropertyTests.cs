using CsCheck;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

/// <summary>
/// Top-k of both exact indexes equals brute force on generated data. Vectors are small integers drawn from a small
/// pool, so rows repeat (exact ties) and point the same way at different lengths (near-ties after normalising); the
/// contract under test is "best first, ties by lower row, excluded ids never returned", serial and parallel.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IndexPropertyTests
{
    private static readonly Gen<Case> Cases =
        Gen.Select(Gen.Int[0, 260], Gen.OneOf(Gen.Int[1, 24], Gen.OneOf(32, 64)), Gen.Int[1, 12], Gen.Int[1, 300], Gen.Int[1, 2])
            .SelectMany((rows, dimension, poolSize, parallelThreshold, degree) =>
                Gen.Select(
                    Gen.Int[-3, 3].Array[dimension].Array[poolSize],
                    Gen.Int[0, poolSize - 1].Array[rows],
                    Gen.Int[1, 3].Array[rows],
                    Gen.Int[-3, 3].Array[dimension],
                    Gen.Int[0, rows + 3],
                    Gen.Bool.Array[rows])
                .Select((pool, picks, scales, query, k, excluded) => new Case(
                    [.. picks.Select((p, r) => pool[p].Select(v => (float)(v * scales[r])).ToArray())],
                    [.. query.Select(v => (float)v)],
                    k,
                    [.. excluded.Select((e, r) => (e, r)).Where(x => x.e && x.r % 3 == 0).Select(x => IdOf(x.r))],
                    new SimilarityIndexOptions { ParallelThreshold = parallelThreshold, MaxDegreeOfParallelism = degree })));

    private static readonly Gen<(SimilarityMetric Metric, bool Normalize, double P)> Metrics = Gen.OneOf(
        Gen.Const((SimilarityMetric.Cosine, true, 3.0)),
        Gen.Select(Gen.Bool, Gen.Const(3.0)).Select((n, p) => (SimilarityMetric.Euclidean, n, p)),
        Gen.Select(Gen.Bool, Gen.Double[1, 5]).Select((n, p) => (SimilarityMetric.Minkowski, n, p)));

    [Fact]
    public void SimilarityIndex_top_k_equals_brute_force_for_every_metric()
    {
        Gen.Select(Cases, Metrics).Sample(
            (c, metric) =>
            {
                var options = c.Options with { Metric = metric.Metric, Normalize = metric.Normalize, P = metric.P };
                var index = new SimilarityIndex(Ids(c.Rows.Length), Matrix(c), c.Query.Length, options);

                AssertBruteForce(index, c, metric.Normalize, metric.P);
            },
            iter: 200,
            threads: 1);
    }

    [Fact]
    public void QuantizedExactIndex_top_k_equals_brute_force_and_the_float_index()
    {
        Cases.Sample(
            c =>
            {
                var ids = Ids(c.Rows.Length);
                var quantized = new QuantizedExactIndex(ids, Matrix(c), c.Query.Length, c.Options);
                var exact = new SimilarityIndex(ids, Matrix(c), c.Query.Length, c.Options);

                AssertBruteForce(quantized, c, normalized: true, p: 0);
                Assert.Equal(exact.Search(c.Query, c.K, c.Excluded), quantized.Search(c.Query, c.K, c.Excluded));
                Assert.Equal(quantized.Search(c.Query, c.K, c.Excluded), quantized.SearchMany([c.Query], c.K, c.Excluded)[0]);
            },
            iter: 200,
            threads: 1);
    }

    private static void AssertBruteForce(ISimilarityIndex index, Case c, bool normalized, double p)
    {
        var scores = new float[index.Count];
        index.ScoreAll(c.Query, scores);
        for (var r = 0; r < scores.Length; r++)
        {
            var reference = Reference(index.Metric, p, normalized, c.Rows[r], c.Query);
            Assert.True(Math.Abs(scores[r] - reference) <= 1e-4 * Math.Max(1, Math.Abs(reference)), $"row {r}: {scores[r]} vs {reference}");
        }

        var expected = Enumerable.Range(0, scores.Length)
            .Where(r => !c.Excluded.Contains(IdOf(r)))
            .OrderByDescending(r => scores[r])
            .ThenBy(r => r)
            .Take(c.K)
            .Select(r => new Neighbor(r, IdOf(r), scores[r]))
            .ToList();

        Assert.Equal(expected, index.Search(c.Query, c.K, c.Excluded));
    }

    /// <summary>The metric in double precision, straight from its definition.</summary>
    private static double Reference(SimilarityMetric metric, double p, bool normalized, float[] row, float[] query)
    {
        double[] a = Unit(row, normalized);
        double[] b = Unit(query, normalized);
        return metric switch
        {
            SimilarityMetric.Cosine => a.Zip(b, (x, y) => x * y).Sum(),
            SimilarityMetric.Euclidean => -Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum()),
            _ => -Math.Pow(a.Zip(b, (x, y) => Math.Pow(Math.Abs(x - y), p)).Sum(), 1 / p),
        };
    }

    private static double[] Unit(float[] v, bool normalized)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => normalized && norm > 0 ? x / norm : x)];
    }

    /// <summary>The rows as one row-major matrix (this constructor also knows the dimension of an empty index).</summary>
    private static float[] Matrix(Case c) => [.. c.Rows.SelectMany(r => r)];

    private static long IdOf(int row) => (row * 7L) + 1000;

    private static long[] Ids(int rows) => [.. Enumerable.Range(0, rows).Select(IdOf)];

    /// <summary>One generated search: stored rows, a query, k, excluded ids and serial/parallel options.</summary>
    public sealed record Case(float[][] Rows, float[] Query, int K, HashSet<long> Excluded, SimilarityIndexOptions Options);
}
