namespace Timbre.Recommendation.Evaluation;

/// <summary>
/// Paired two-sided t-test (kept here because Recommendation references only Core; the lead may dedupe it with
/// Evaluation's). p = I_{df/(df+t²)}(df/2, 1/2), the regularised incomplete beta by Lentz's continued fraction.
/// </summary>
public static class PairedTTest
{
    /// <summary>Tests mean(a − b) = 0; needs equal lengths.</summary>
    public static PairedTTestResult Run(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Paired samples differ in length ({a.Count} vs {b.Count}).", nameof(b));
        }

        var n = a.Count;
        var d = Enumerable.Range(0, n).Select(i => a[i] - b[i]).ToArray();
        var mean = n > 0 ? d.Average() : 0;
        if (n < 2)
        {
            return new PairedTTestResult(n, mean, double.NaN, Math.Max(0, n - 1), 1);
        }

        var sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        if (sd == 0)
        {
            return new PairedTTestResult(n, mean, mean == 0 ? 0 : double.PositiveInfinity * Math.Sign(mean), n - 1, mean == 0 ? 1 : 0);
        }

        var t = mean / (sd / Math.Sqrt(n));
        var df = n - 1;
        var p = IncompleteBeta(df / 2.0, 0.5, df / (df + (t * t)));
        return new PairedTTestResult(n, mean, t, df, Math.Clamp(p, 0, 1));
    }

    /// <summary>Regularised incomplete beta I_x(a, b).</summary>
    internal static double IncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var lnFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(lnFront) * ContinuedFraction(a, b, x) / a
            : 1 - (Math.Exp(lnFront) * ContinuedFraction(b, a, 1 - x) / b);
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - ((a + b) * x / (a + 1));
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + (aa * d);
            d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + (aa * d);
            d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-14)
            {
                break;
            }
        }

        return h;
    }

    private static double LogGamma(double x)
    {
        double[] g = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
        var y = x;
        var tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        var ser = 1.000000000190015;
        foreach (var c in g)
        {
            ser += c / ++y;
        }

        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }
}
