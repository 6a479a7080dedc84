using Timbre.Evaluation.Statistics;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Statistics;

public class MetricSummaryTests
{
    private static readonly System.Text.Json.JsonElement s_ref = ReferenceData.Root.GetProperty("cvSummary");

    [Fact]
    public void MatchesScipyTInterval()
    {
        var values = s_ref.Doubles("values");
        var s = MetricSummary.Of(values);
        ReferenceData.Close(s_ref.Number("mean"), s.Mean, 1e-14, "mean");
        ReferenceData.Close(s_ref.Number("std"), s.Std, 1e-12, "std");
        ReferenceData.Close(s_ref.Number("ciLow"), s.CiLow, 1e-10, "ciLow");
        ReferenceData.Close(s_ref.Number("ciHigh"), s.CiHigh, 1e-10, "ciHigh");
        var s90 = MetricSummary.Of(values, 0.90);
        ReferenceData.Close(s_ref.Number("ciLow90"), s90.CiLow, 1e-10, "ciLow90");
        Assert.True(s90.HalfWidth < s.HalfWidth);
    }

    [Fact]
    public void HandComputed()
    {
        // 1, 2, 3: mean 2, std 1, half width t(0.975, 2)·1/√3 = 4.302653 / 1.732051.
        var s = MetricSummary.Of([1, 2, 3]);
        Assert.Equal(2, s.Mean, 1e-14);
        Assert.Equal(1, s.Std, 1e-14);
        Assert.Equal(4.302652729911275 / Math.Sqrt(3), s.HalfWidth, 1e-9);
        Assert.Equal("2.000 ± 1.000 [-0.484, 4.484]", s.Format());
    }

    [Fact]
    public void SingleValueHasNoSpread()
    {
        var s = MetricSummary.Of([0.7]);
        Assert.Equal(0.7, s.Mean);
        Assert.True(double.IsNaN(s.Std));
        Assert.True(double.IsNaN(s.CiLow));
        Assert.Equal("0.700", s.Format());
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => MetricSummary.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricSummary.Of([1, 2], 1.0));
    }
}
