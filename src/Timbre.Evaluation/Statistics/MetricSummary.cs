namespace Timbre.Evaluation.Statistics;

/// <summary>
/// Summary of one metric over k folds (or runs): mean, sample standard deviation (ddof = 1) and a two-sided
/// Student-t confidence interval for the mean.
/// </summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (ddof = 1); NaN when <paramref name="Count"/> is 1.</param>
/// <param name="Count">Number of values.</param>
/// <param name="Confidence">Confidence level of the interval, e.g. 0.95.</param>
/// <param name="CiLow">Lower end of the interval: mean − t(1 − α/2, n − 1)·std/√n; NaN when n is 1.</param>
/// <param name="CiHigh">Upper end of the interval; NaN when n is 1.</param>
public sealed record MetricSummary(double Mean, double Std, int Count, double Confidence, double CiLow, double CiHigh)
{
    /// <summary>Half width of the confidence interval (not serialised).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double HalfWidth => (CiHigh - CiLow) / 2;

    /// <summary>Summarises <paramref name="values"/> (at least one, all finite).</summary>
    public static MetricSummary Of(IReadOnlyList<double> values, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("Cannot summarise an empty list of values.", nameof(values));
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must be in (0, 1).");
        }

        var n = values.Count;
        var mean = values.Average();
        if (n == 1)
        {
            return new MetricSummary(mean, double.NaN, 1, confidence, double.NaN, double.NaN);
        }

        var sumSq = 0.0;
        foreach (var v in values)
        {
            sumSq += (v - mean) * (v - mean);
        }

        var std = Math.Sqrt(sumSq / (n - 1));
        var half = StudentT.InverseCdf(1 - (1 - confidence) / 2, n - 1) * std / Math.Sqrt(n);
        return new MetricSummary(mean, std, n, confidence, mean - half, mean + half);
    }

    /// <summary>Formats as "mean ± std [low, high]" with the given number format (e.g. "0.000").</summary>
    public string Format(string numberFormat = "0.000")
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (Count < 2)
        {
            return Mean.ToString(numberFormat, ci);
        }

        return $"{Mean.ToString(numberFormat, ci)} ± {Std.ToString(numberFormat, ci)} " +
            $"[{CiLow.ToString(numberFormat, ci)}, {CiHigh.ToString(numberFormat, ci)}]";
    }
}
