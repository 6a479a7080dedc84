namespace Timbre.Recommendation.Metric;

/// <summary>
/// Per-dimension robust z-score fitted on the training rows: centre = median, scale = 1.4826·MAD (the standard
/// deviation for Gaussian data), falling back to the standard deviation when the MAD is 0 and to 1 for a constant
/// dimension. Small and private to metric learning (the library-wide standardisation lives elsewhere).
/// </summary>
internal static class RobustStandardization
{
    /// <summary>Centre and scale of every dimension of <paramref name="rows"/>.</summary>
    public static (float[] Center, float[] Scale) Fit(IReadOnlyList<float[]> rows)
    {
        var d = rows[0].Length;
        var center = new float[d];
        var scale = new float[d];
        var column = new double[rows.Count];
        for (var j = 0; j < d; j++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                column[i] = rows[i][j];
            }

            var median = Median(column);
            var mean = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = Math.Abs(column[i] - median);
            }

            var mad = 1.4826 * Median(column);
            center[j] = (float)median;
            scale[j] = (float)(mad > 1e-12 ? mad : sd > 1e-12 ? sd : 1.0);
        }

        return (center, scale);
    }

    /// <summary>(x − centre) / scale for every row, clipped to ±<paramref name="clip"/> when given, as doubles.</summary>
    public static double[][] Apply(IReadOnlyList<float[]> rows, float[] center, float[] scale, double? clip)
    {
        var c = clip ?? double.PositiveInfinity;
        return [.. rows.Select(r => r.Select((v, j) => Math.Clamp((v - (double)center[j]) / scale[j], -c, c)).ToArray())];
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
