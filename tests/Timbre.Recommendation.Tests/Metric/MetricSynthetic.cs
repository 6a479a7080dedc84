namespace Timbre.Recommendation.Tests.Metric;

/// <summary>Seeded synthetic data for the metric-learning tests.</summary>
internal static class MetricSynthetic
{
    /// <summary>
    /// <paramref name="groups"/> groups of <paramref name="perGroup"/> items in <paramref name="dims"/> dimensions:
    /// only the first <paramref name="informative"/> dimensions carry the group (centre ~ N(0, 2²), item noise
    /// N(0, 0.3²)); the rest are N(0, 1) noise shared by no group. Groups are named g00, g01, ….
    /// </summary>
    public static (float[][] Vectors, string[] Groups) Clustered(int groups, int perGroup, int dims, int informative, int seed)
    {
        var rng = new Random(seed);
        var vectors = new List<float[]>();
        var labels = new List<string>();
        for (var g = 0; g < groups; g++)
        {
            var centre = Enumerable.Range(0, informative).Select(_ => 2 * Gaussian(rng)).ToArray();
            for (var i = 0; i < perGroup; i++)
            {
                vectors.Add([.. Enumerable.Range(0, dims).Select(j => (float)(j < informative ? centre[j] + (0.3 * Gaussian(rng)) : Gaussian(rng)))]);
                labels.Add($"g{g:00}");
            }
        }

        return ([.. vectors], [.. labels]);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The angle between two vectors (or their negatives), in degrees.</summary>
    public static double AngleDegrees(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var dot = a.Zip(b, (x, y) => x * y).Sum();
        var cos = Math.Abs(dot) / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
        return Math.Acos(Math.Min(1, cos)) * 180 / Math.PI;
    }
}
