using Timbre.Evaluation.Statistics;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Statistics;

public class TTestTests
{
    private static readonly System.Text.Json.JsonElement s_ref = ReferenceData.Root.GetProperty("tTests");

    [Fact]
    public void PairedHandComputed()
    {
        // d = 1, 2, 3, 4: mean 2.5, sd √(5/3), t = 2.5 / (sd / 2) = 3.872983, df 3.
        var r = TTest.Paired([1, 2, 3, 4], [0, 0, 0, 0]);
        Assert.Equal(3.872983346207417, r.T, 1e-12);
        Assert.Equal(3, r.DegreesOfFreedom);
        Assert.Equal(2.5, r.MeanDifference, 1e-12);
        Assert.Equal(0.030466, r.PValue, 1e-6);    // 2·(1 − t_3.cdf(3.872983))
        Assert.Equal(3.182446, r.CriticalValue, 1e-6);
    }

    [Fact]
    public void PairedMatchesScipyTtestRel()
    {
        var r = TTest.Paired(s_ref.Doubles("a"), s_ref.Doubles("b"));
        var e = s_ref.GetProperty("paired");
        ReferenceData.Close(e.Number("t"), r.T, 1e-10, "t");
        ReferenceData.Close(e.Number("p"), r.PValue, 1e-10, "p");
        Assert.Equal(e.Number("df"), r.DegreesOfFreedom);
    }

    [Fact]
    public void WelchMatchesScipy()
    {
        var r = TTest.Welch(s_ref.Doubles("x"), s_ref.Doubles("z"));
        var e = s_ref.GetProperty("welch");
        ReferenceData.Close(e.Number("t"), r.T, 1e-10, "t");
        ReferenceData.Close(e.Number("p"), r.PValue, 1e-10, "p");
        ReferenceData.Close(e.Number("df"), r.DegreesOfFreedom, 1e-10, "df");
        Assert.True(r.T < 0);
    }

    [Fact]
    public void StudentMatchesScipy()
    {
        var r = TTest.Student(s_ref.Doubles("x"), s_ref.Doubles("z"));
        var e = s_ref.GetProperty("student");
        ReferenceData.Close(e.Number("t"), r.T, 1e-10, "t");
        ReferenceData.Close(e.Number("p"), r.PValue, 1e-10, "p");
        Assert.Equal(e.Number("df"), r.DegreesOfFreedom);
    }

    [Fact]
    public void SwappingSamplesNegatesT()
    {
        var x = s_ref.Doubles("x");
        var z = s_ref.Doubles("z");
        var ab = TTest.Welch(x, z);
        var ba = TTest.Welch(z, x);
        Assert.Equal(-ab.T, ba.T, 1e-12);
        Assert.Equal(ab.PValue, ba.PValue, 1e-12);
    }

    [Fact]
    public void ConstantDifferencesGiveInfiniteT()
    {
        var r = TTest.Paired([1, 2, 3], [0, 1, 2]);
        Assert.True(double.IsPositiveInfinity(r.T));
        Assert.Equal(0, r.PValue);
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => TTest.Paired([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => TTest.Paired([1], [1]));
        Assert.Throws<ArgumentException>(() => TTest.Welch([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => TTest.Student([1, double.NaN], [1, 2]));
    }
}
