namespace Timbre.Dsp;

/// <summary>
/// Zero-phase decimation by 2 with a Kaiser-windowed sinc low-pass (16 zero crossings, roll-off 0.85, β 8.555 —
/// resampy's <c>kaiser_fast</c> parameters before its 0.3 table, which librosa's CQT once used between octaves).
/// The output is scaled by √2 to keep the energy (librosa <c>resample(..., scale=True)</c>); samples outside the
/// signal count as zero.
/// </summary>
internal static class HalfBandDecimator
{
    private const int ZeroCrossings = 16;
    private const double Rolloff = 0.85;
    private const double Beta = 8.555;
    private static readonly double[] Taps = CreateTaps();

    /// <summary>Returns ⌈n/2⌉ samples: y[m] = √2·Σ h[k]·x[2m − k].</summary>
    public static double[] Decimate(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var half = Taps.Length / 2;
        var result = new double[(n + 1) / 2];
        for (var m = 0; m < result.Length; m++)
        {
            var centre = 2 * m;
            var lo = Math.Max(-half, centre - (n - 1));
            var hi = Math.Min(half, centre);
            var sum = 0.0;
            for (var k = lo; k <= hi; k++)
            {
                sum += Taps[k + half] * x[centre - k];
            }

            result[m] = sum * Math.Sqrt(2.0);
        }

        return result;
    }

    private static double[] CreateTaps()
    {
        var cutoff = 0.5 * Rolloff; // in cycles per input sample ×2 (normalised to the input Nyquist)
        var half = (int)Math.Ceiling(ZeroCrossings / cutoff);
        var taps = new double[2 * half + 1];
        var i0Beta = BesselI0(Beta);
        var sum = 0.0;
        for (var k = -half; k <= half; k++)
        {
            var x = cutoff * k;
            var sinc = k == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var r = (double)k / (half + 1);
            var window = BesselI0(Beta * Math.Sqrt(1 - r * r)) / i0Beta;
            taps[k + half] = cutoff * sinc * window;
            sum += taps[k + half];
        }

        for (var i = 0; i < taps.Length; i++)
        {
            taps[i] /= sum; // unit DC gain
        }

        return taps;
    }

    private static double BesselI0(double x)
    {
        var term = 1.0;
        var sum = 1.0;
        var q = x * x / 4;
        for (var k = 1; k < 200 && term > 1e-17 * sum; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
        }

        return sum;
    }
}
