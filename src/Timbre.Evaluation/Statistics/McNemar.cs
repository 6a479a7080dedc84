namespace Timbre.Evaluation.Statistics;

/// <summary>Result of McNemar's test on two classifiers' correctness over the same samples.</summary>
/// <param name="OnlyACorrect">b: samples model A got right and model B got wrong.</param>
/// <param name="OnlyBCorrect">c: samples model B got right and model A got wrong.</param>
/// <param name="ExactPValue">Exact two-sided binomial p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½).</param>
/// <param name="ChiSquare">Statistic (|b − c| − 1)² / (b + c) with continuity correction (0 when b + c = 0).</param>
/// <param name="ChiSquarePValue">Upper tail of χ²(1) at <paramref name="ChiSquare"/>.</param>
public sealed record McNemarResult(int OnlyACorrect, int OnlyBCorrect, double ExactPValue, double ChiSquare, double ChiSquarePValue);

/// <summary>McNemar's test for paired nominal data (as statsmodels' mcnemar, exact and corrected χ²).</summary>
public static class McNemar
{
    /// <summary>Tests two models' predictions against the same true labels.</summary>
    public static McNemarResult Test(IReadOnlyList<int> yTrue, IReadOnlyList<int> predictedA, IReadOnlyList<int> predictedB)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(predictedA);
        ArgumentNullException.ThrowIfNull(predictedB);
        if (predictedA.Count != yTrue.Count || predictedB.Count != yTrue.Count)
        {
            throw new ArgumentException("McNemar: labels and both prediction lists must have the same length.");
        }

        var b = 0;
        var c = 0;
        for (var i = 0; i < yTrue.Count; i++)
        {
            var aOk = predictedA[i] == yTrue[i];
            var bOk = predictedB[i] == yTrue[i];
            if (aOk && !bOk)
            {
                b++;
            }
            else if (!aOk && bOk)
            {
                c++;
            }
        }

        return FromDiscordantCounts(b, c);
    }

    /// <summary>Tests from the discordant counts b (only A right) and c (only B right).</summary>
    public static McNemarResult FromDiscordantCounts(int onlyACorrect, int onlyBCorrect)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyACorrect);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyBCorrect);
        var n = onlyACorrect + onlyBCorrect;
        if (n == 0)
        {
            return new McNemarResult(0, 0, 1, 0, 1);
        }

        var k = Math.Min(onlyACorrect, onlyBCorrect);
        var exact = Math.Min(1, 2 * BinomialCdfHalf(k, n));
        var diff = Math.Abs(onlyACorrect - onlyBCorrect) - 1.0;
        var chi = diff * diff / n;
        var chiP = SpecialFunctions.RegularizedGammaQ(0.5, chi / 2);
        return new McNemarResult(onlyACorrect, onlyBCorrect, exact, chi, chiP);
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, ½), summed in log space.</summary>
    private static double BinomialCdfHalf(int k, int n)
    {
        var logN = SpecialFunctions.LogGamma(n + 1);
        var sum = 0.0;
        for (var i = 0; i <= k; i++)
        {
            var logTerm = logN - SpecialFunctions.LogGamma(i + 1) - SpecialFunctions.LogGamma(n - i + 1) - n * Math.Log(2);
            sum += Math.Exp(logTerm);
        }

        return sum;
    }
}
