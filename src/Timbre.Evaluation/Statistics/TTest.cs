namespace Timbre.Evaluation.Statistics;

/// <summary>Result of a t-test.</summary>
/// <param name="Kind">"paired", "welch" or "student" (independent, pooled variance).</param>
/// <param name="T">t statistic for mean(a) − mean(b); negative when b is larger.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom (fractional for Welch).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="MeanDifference">mean(a) − mean(b) (for the paired test, the mean of the differences).</param>
/// <param name="CriticalValue">Two-sided critical |t| at α = 0.05 for these degrees of freedom.</param>
public sealed record TTestResult(
    string Kind, double T, double DegreesOfFreedom, double PValue, double MeanDifference, double CriticalValue)
{
    /// <summary>True when the p-value is below <paramref name="alpha"/>.</summary>
    public bool IsSignificant(double alpha = 0.05) => PValue < alpha;
}

/// <summary>
/// Paired and independent two-sample t-tests (same statistics as scipy.stats.ttest_rel and ttest_ind with
/// equal_var True / False). Seed 001's "t = −4.743 &lt; −2.037" is such a test between two recommenders' likes.
/// </summary>
public static class TTest
{
    /// <summary>Paired t-test on a[i] − b[i] (e.g. the accuracy of two models on the same folds).</summary>
    public static TTestResult Paired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Paired samples differ in length ({a.Count} vs {b.Count}).", nameof(b));
        }

        if (a.Count < 2)
        {
            throw new ArgumentException("A paired t-test needs at least two pairs.", nameof(a));
        }

        var n = a.Count;
        var diffs = new double[n];
        for (var i = 0; i < n; i++)
        {
            diffs[i] = a[i] - b[i];
        }

        var (mean, variance) = MeanVariance(diffs);
        var t = mean / Math.Sqrt(variance / n);
        double df = n - 1;
        return Result("paired", t, df, mean);
    }

    /// <summary>Welch's unequal-variance t-test (Welch–Satterthwaite degrees of freedom).</summary>
    public static TTestResult Welch(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        CheckIndependent(a, b);
        var (ma, va) = MeanVariance(a);
        var (mb, vb) = MeanVariance(b);
        var sa = va / a.Count;
        var sb = vb / b.Count;
        var t = (ma - mb) / Math.Sqrt(sa + sb);
        var df = (sa + sb) * (sa + sb) / (sa * sa / (a.Count - 1) + sb * sb / (b.Count - 1));
        return Result("welch", t, df, ma - mb);
    }

    /// <summary>Student's independent two-sample t-test with pooled variance (df = n_a + n_b − 2).</summary>
    public static TTestResult Student(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        CheckIndependent(a, b);
        var (ma, va) = MeanVariance(a);
        var (mb, vb) = MeanVariance(b);
        double df = a.Count + b.Count - 2;
        var pooled = ((a.Count - 1) * va + (b.Count - 1) * vb) / df;
        var t = (ma - mb) / Math.Sqrt(pooled * (1.0 / a.Count + 1.0 / b.Count));
        return Result("student", t, df, ma - mb);
    }

    private static TTestResult Result(string kind, double t, double df, double meanDifference)
    {
        if (double.IsNaN(df) || df <= 0)
        {
            // Both samples constant: no spread to test against.
            return new TTestResult(kind, double.NaN, double.NaN, double.NaN, meanDifference, double.NaN);
        }

        return new TTestResult(kind, t, df, StudentT.TwoSidedPValue(t, df), meanDifference, StudentT.CriticalValue(df));
    }

    private static void CheckIndependent(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
        {
            throw new ArgumentException("An independent t-test needs at least two values in each sample.");
        }
    }

    private static (double Mean, double Variance) MeanVariance(IReadOnlyList<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("t-test values must be finite.", nameof(values));
            }

            mean += v;
        }

        mean /= values.Count;
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, ss / (values.Count - 1));
    }
}
