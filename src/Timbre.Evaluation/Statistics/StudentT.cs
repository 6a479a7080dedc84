namespace Timbre.Evaluation.Statistics;

/// <summary>Student's t distribution: CDF, survival function and inverse CDF (quantile).</summary>
public static class StudentT
{
    /// <summary>Cumulative distribution function P(T ≤ t) for <paramref name="degreesOfFreedom"/> &gt; 0.</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        CheckDf(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(t))
        {
            return 1;
        }

        if (double.IsNegativeInfinity(t))
        {
            return 0;
        }

        var tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(
            degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>Two-sided p-value P(|T| ≥ |t|).</summary>
    public static double TwoSidedPValue(double t, double degreesOfFreedom)
    {
        CheckDf(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return 0;
        }

        return SpecialFunctions.RegularizedIncompleteBeta(
            degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
    }

    /// <summary>
    /// Quantile: the t with P(T ≤ t) = <paramref name="p"/>, for 0 &lt; p &lt; 1 (bracketing then bisection to
    /// about 1e-12 relative; e.g. InverseCdf(0.975, 9) = 2.262157).
    /// </summary>
    public static double InverseCdf(double p, double degreesOfFreedom)
    {
        CheckDf(degreesOfFreedom);
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The t quantile needs 0 < p < 1.");
        }

        if (p == 0.5)
        {
            return 0;
        }

        if (p < 0.5)
        {
            return -InverseCdf(1 - p, degreesOfFreedom);
        }

        // Upper half: find t > 0 with Cdf(t) = p. Work with the tail q = 1 − p to keep precision.
        var q = 1 - p;
        double low = 0;
        double high = 1;
        while (TwoSidedPValue(high, degreesOfFreedom) / 2 > q)
        {
            low = high;
            high *= 2;
            if (high > 1e300)
            {
                return double.PositiveInfinity;
            }
        }

        for (var i = 0; i < 200 && high - low > 1e-13 * Math.Max(1, high); i++)
        {
            var mid = 0.5 * (low + high);
            if (TwoSidedPValue(mid, degreesOfFreedom) / 2 > q)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>Two-sided critical value: the t with P(|T| ≥ t) = <paramref name="alpha"/> (e.g. 2.037 for df 32).</summary>
    public static double CriticalValue(double degreesOfFreedom, double alpha = 0.05)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1).");
        }

        return InverseCdf(1 - alpha / 2, degreesOfFreedom);
    }

    private static void CheckDf(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(
                nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be a finite number > 0.");
        }
    }
}
