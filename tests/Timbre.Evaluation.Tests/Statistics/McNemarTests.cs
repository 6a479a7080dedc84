using Timbre.Evaluation.Statistics;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Statistics;

public class McNemarTests
{
    [Fact]
    public void HandComputed()
    {
        // b = 3, c = 12: exact p = 2·(C(15,0)+C(15,1)+C(15,2)+C(15,3)) / 2^15 = 2·576 / 32768.
        var r = McNemar.FromDiscordantCounts(3, 12);
        Assert.Equal(1152.0 / 32768, r.ExactPValue, 1e-14);
        Assert.Equal(64.0 / 15, r.ChiSquare, 1e-14);
    }

    [Fact]
    public void MatchesScipyBinomtestAndChi2()
    {
        foreach (var c in ReferenceData.Root.GetProperty("mcNemar").EnumerateArray())
        {
            var r = McNemar.FromDiscordantCounts(c.GetProperty("b").GetInt32(), c.GetProperty("c").GetInt32());
            var what = $"b={r.OnlyACorrect}, c={r.OnlyBCorrect}";
            ReferenceData.Close(c.Number("exactP"), r.ExactPValue, 1e-10, what + " exact");
            ReferenceData.Close(c.Number("chiSquare"), r.ChiSquare, 1e-12, what + " chi");
            ReferenceData.Close(c.Number("chiP"), r.ChiSquarePValue, 1e-10, what + " chi p");
        }
    }

    [Fact]
    public void CountsDiscordantPairsFromPredictions()
    {
        int[] truth = [0, 1, 2, 0, 1, 2, 0];
        int[] a = [0, 1, 2, 1, 1, 0, 0];   // wrong at 3, 5
        int[] b = [0, 0, 2, 0, 2, 0, 0];   // wrong at 1, 4, 5
        var r = McNemar.Test(truth, a, b);
        Assert.Equal(2, r.OnlyACorrect);    // samples 1, 4
        Assert.Equal(1, r.OnlyBCorrect);    // sample 3
        Assert.Equal(1, r.ExactPValue, 1e-14);
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => McNemar.Test([0, 1], [0], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemar.FromDiscordantCounts(-1, 2));
    }
}
