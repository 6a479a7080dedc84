namespace Timbre.Evaluation.Statistics;

/// <summary>
/// Special functions needed by the significance tests: log-gamma, the regularized incomplete beta function and the
/// regularized incomplete gamma function. Accuracy is close to double precision (about 1e-14 relative) for the
/// argument ranges the tests use.
/// </summary>
public static class SpecialFunctions
{
    private const int MaxIterations = 10_000;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    private static readonly double[] s_lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>Natural logarithm of the gamma function for <paramref name="x"/> &gt; 0 (Lanczos, g = 7).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0.");
        }

        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = s_lanczos[0];
        for (var i = 1; i < s_lanczos.Length; i++)
        {
            sum += s_lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>
    /// Regularized incomplete beta function I_x(a, b) for a, b &gt; 0 and 0 ≤ x ≤ 1 (continued fraction, modified
    /// Lentz, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster).
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0) || !(b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), "RegularizedIncompleteBeta needs a > 0 and b > 0.");
        }

        if (double.IsNaN(x) || x < 0 || x > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "RegularizedIncompleteBeta needs 0 <= x <= 1.");
        }

        if (x == 0)
        {
            return 0;
        }

        if (x == 1)
        {
            return 1;
        }

        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        if (x < (a + 1) / (a + b + 2))
        {
            return Math.Exp(logFront) * BetaContinuedFraction(a, b, x) / a;
        }

        return 1 - Math.Exp(logFront) * BetaContinuedFraction(b, a, 1 - x) / b;
    }

    /// <summary>
    /// Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) for a &gt; 0 and x ≥ 0
    /// (series for x &lt; a + 1, continued fraction otherwise).
    /// </summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (!(a > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "RegularizedGammaQ needs a > 0.");
        }

        if (double.IsNaN(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "RegularizedGammaQ needs x >= 0.");
        }

        if (x == 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        var logFront = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            // P(a, x) by its power series.
            var term = 1 / a;
            var sum = term;
            for (var n = 1; n < MaxIterations; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
                {
                    break;
                }
            }

            return 1 - sum * Math.Exp(logFront);
        }

        // Q(a, x) by Lentz's continued fraction.
        var bb = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / bb;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            bb += 2;
            d = an * d + bb;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = bb + an / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp(logFront) * h;
    }

    /// <summary>Complementary error function erfc(x), via Q(1/2, x²) for x ≥ 0 and 2 − erfc(−x) otherwise.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x >= 0 ? RegularizedGammaQ(0.5, x * x) : 2 - RegularizedGammaQ(0.5, x * x);
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - qab * x / qap;
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m < MaxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return h;
    }
}
