using Timbre.Experiments.OfflineEvaluation;

namespace Timbre.Experiments.Tests.OfflineEvaluation;

public class MethodComparisonTests
{
    private static EvaluationReport Report(double[] a, double[] b)
    {
        UserScore Score(string method, int user, double precision)
            => new(method, $"u{user}", false, precision, 0, 0, 0, 0, 0, []);
        var scores = a.Select((x, i) => Score("a", i, x)).Concat(b.Select((x, i) => Score("b", i, x))).ToList();
        return new EvaluationReport([], scores);
    }

    [Fact]
    public void PairedTTestMatchesAKnownValue()
    {
        // d = a − b = [1, 2, 3, 4, 5]: mean 3, sd √2.5, t = 3/(√2.5/√5) = 4.2426, df 4, two-sided p = 0.01324.
        var r = MethodComparison.Compare(Report([2, 4, 6, 8, 10], [1, 2, 3, 4, 5]), "a", "b", s => s.Precision);
        Assert.Equal(5, r.Pairs);
        Assert.Equal(3, r.MeanDifference, 12);
        Assert.Equal(4.242640687, r.T, 6);
        Assert.Equal(4, r.DegreesOfFreedom);
        Assert.Equal(0.01324, r.PValue, 4);
    }

    [Fact]
    public void UndefinedTestsMeanNoEvidenceOfADifference()
    {
        var same = MethodComparison.Compare(Report([1, 2], [1, 2]), "a", "b", s => s.Precision);
        Assert.Equal((0.0, 1.0), (same.T, same.PValue));
        var shifted = MethodComparison.Compare(Report([2, 3, 4], [1, 2, 3]), "a", "b", s => s.Precision);
        Assert.Equal((double.PositiveInfinity, 0.0), (shifted.T, shifted.PValue));
        var one = MethodComparison.Compare(Report([1], [0]), "a", "b", s => s.Precision);
        Assert.Equal(1, one.Pairs);
        Assert.True(double.IsNaN(one.T));
        Assert.Equal(1, one.PValue);
    }

    [Fact]
    public void OnlyUsersScoredByBothMethodsArePaired()
    {
        var r = MethodComparison.Compare(Report([2, 4, 6, 8, 10, 99], [1, 2, 3, 4, 5]), "a", "b", s => s.Precision);
        Assert.Equal(5, r.Pairs);
        Assert.Equal(4.242640687, r.T, 6);
    }
}
