namespace Timbre.Recommendation.Space;

/// <summary>
/// Per-dimension robust z-score statistics on plain arrays: centre = median, scale = 1.4826 · MAD (median absolute
/// deviation; the factor makes it the standard deviation for Gaussian data). A dimension whose MAD is 0 (more than
/// half its values equal) falls back to 1.2533 · mean absolute deviation from the median, and every scale is at
/// least a floor (a share of the median positive scale of the dimensions fitted together), so constant dimensions
/// give 0 instead of exploding.
/// </summary>
public static class RobustScaling
{
    /// <summary>1 / Φ⁻¹(3/4): MAD × this estimates σ of a normal distribution.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>√(π/2): mean absolute deviation × this estimates σ of a normal distribution.</summary>
    public const double MeanAbsToSigma = 1.2533;

    /// <summary>The median of <paramref name="values"/> (sorted in place); the mean of the middle two for an even count.</summary>
    public static double Median(Span<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>
    /// Centre and scale of each dimension <paramref name="dimensions"/>[j] of <paramref name="vectors"/>; the floor is
    /// <paramref name="relativeFloor"/> × the median positive scale among them (1 when none is positive).
    /// </summary>
    public static (float[] Centre, float[] Scale) Fit(IReadOnlyList<float[]> vectors, IReadOnlyList<int> dimensions, double relativeFloor)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("Robust scaling needs at least one vector.", nameof(vectors));
        }

        var n = vectors.Count;
        var centre = new float[dimensions.Count];
        var raw = new double[dimensions.Count];
        var column = new double[n];
        var deviation = new double[n];
        for (var j = 0; j < dimensions.Count; j++)
        {
            var d = dimensions[j];
            for (var i = 0; i < n; i++)
            {
                column[i] = vectors[i][d];
            }

            var median = Median(column);
            var meanAbs = 0.0;
            for (var i = 0; i < n; i++)
            {
                deviation[i] = Math.Abs(column[i] - median);
                meanAbs += deviation[i];
            }

            var mad = Median(deviation);
            centre[j] = (float)median;
            raw[j] = mad > 0 ? MadToSigma * mad : MeanAbsToSigma * meanAbs / n;
        }

        var positive = raw.Where(s => s > 0).ToArray();
        var floor = positive.Length == 0 ? 1.0 : relativeFloor * Median(positive);
        var scale = raw.Select(s => (float)Math.Max(s, floor)).ToArray();
        return (centre, scale);
    }
}
