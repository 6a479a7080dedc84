using Timbre.Recommendation.Evaluation;

namespace Timbre.Recommendation.Tests.Evaluation;

public class MetricTests
{
    [Fact]
    public void RankingMetricsMatchHandValues()
    {
        long[] ranked = [5, 1, 7, 2];
        var relevant = new HashSet<long> { 1, 2, 9 };
        Assert.Equal(0.5, RankingMetrics.PrecisionAt(ranked, relevant, 4));
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(ranked, relevant, 4), 12);
        var dcg = (1 / Math.Log2(3)) + (1 / Math.Log2(5));
        var ideal = 1 + (1 / Math.Log2(3)) + (1 / Math.Log2(4));
        Assert.Equal(dcg / ideal, RankingMetrics.NdcgAt(ranked, relevant, 4), 12);
        Assert.Equal(1, RankingMetrics.HitAt(ranked, relevant, 2));
        Assert.Equal(0, RankingMetrics.HitAt(ranked, relevant, 1));
        Assert.Equal(0.75, RankingMetrics.GenreAccuracy(["a", "b", "a", "a"], new HashSet<string> { "a" }, 4));
        Assert.Equal(0.3, RankingMetrics.Coverage([[1, 2], [2, 3]], 10), 12);
        Assert.Equal(0.5, RankingMetrics.IntraListDiversity(3, (_, _) => 0.5), 12);
    }

    [Fact]
    public void PairedTTestMatchesAKnownValue()
    {
        // d = a − b = [1, 2, 3, 4, 5]: mean 3, sd √2.5, t = 3/(√2.5/√5) = 4.2426, df 4, two-sided p = 0.01324.
        double[] a = [2, 4, 6, 8, 10];
        double[] b = [1, 2, 3, 4, 5];
        var r = PairedTTest.Run(a, b);
        Assert.Equal(4.242640687, r.T, 6);
        Assert.Equal(4, r.DegreesOfFreedom);
        Assert.Equal(0.01324, r.PValue, 4);
        Assert.Equal(1, PairedTTest.Run([1, 2], [1, 2]).PValue);
        Assert.Throws<ArgumentException>(() => PairedTTest.Run([1], [1, 2]));
    }
}
