namespace Timbre.Dsp.Loudness;

/// <summary>
/// The BS.1770 K-weighting filter (a high-shelf "pre-filter" then the RLB high-pass) as two biquads, derived for any
/// sample rate by the bilinear transform with pre-warping (libebur128 / pyloudnorm style). The analogue parameters
/// are those that reproduce the standard's 48 kHz coefficients (Brecht De Man's fit, used by libebur128).
/// </summary>
public sealed class KWeighting
{
    private readonly double[] _shelfB = new double[3];
    private readonly double[] _shelfA = new double[3];
    private readonly double[] _highPassB = [1.0, -2.0, 1.0];
    private readonly double[] _highPassA = new double[3];

    /// <summary>Computes the coefficients for <paramref name="sampleRate"/> Hz.</summary>
    public KWeighting(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        SampleRate = sampleRate;

        // High shelf, +4 dB above ≈ 1.7 kHz.
        var f0 = 1681.974450955533;
        var gain = 3.999843853973347;
        var q = 0.7071752369554196;
        var k = Math.Tan(Math.PI * f0 / sampleRate);
        var vh = Math.Pow(10.0, gain / 20.0);
        var vb = Math.Pow(vh, 0.4996667741545416);
        var a0 = 1.0 + k / q + k * k;
        _shelfB[0] = (vh + vb * k / q + k * k) / a0;
        _shelfB[1] = 2.0 * (k * k - vh) / a0;
        _shelfB[2] = (vh - vb * k / q + k * k) / a0;
        _shelfA[0] = 1.0;
        _shelfA[1] = 2.0 * (k * k - 1.0) / a0;
        _shelfA[2] = (1.0 - k / q + k * k) / a0;

        // RLB high-pass, ≈ 38 Hz.
        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.Tan(Math.PI * f0 / sampleRate);
        a0 = 1.0 + k / q + k * k;
        _highPassA[0] = 1.0;
        _highPassA[1] = 2.0 * (k * k - 1.0) / a0;
        _highPassA[2] = (1.0 - k / q + k * k) / a0;
    }

    /// <summary>The sample rate the coefficients are for, Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Shelf numerator and denominator (a₀ = 1), then high-pass numerator and denominator.</summary>
    public (double[] ShelfB, double[] ShelfA, double[] HighPassB, double[] HighPassA) Coefficients =>
        ([.. _shelfB], [.. _shelfA], [.. _highPassB], [.. _highPassA]);

    /// <summary>
    /// The energy (sum of squares) of the K-weighted signal of <paramref name="samples"/> (zero initial state) over
    /// each whole segment of <paramref name="segmentLength"/> samples; a trailing partial segment is dropped. Streams:
    /// no copy of the signal is made.
    /// </summary>
    public double[] SegmentEnergies(ReadOnlySpan<float> samples, int segmentLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentLength, 1);
        var energies = new double[samples.Length / segmentLength];
        var (b0, b1, b2, a1, a2) = (_shelfB[0], _shelfB[1], _shelfB[2], _shelfA[1], _shelfA[2]);
        var (c0, c1, c2, d1, d2) = (_highPassB[0], _highPassB[1], _highPassB[2], _highPassA[1], _highPassA[2]);
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
        for (var s = 0; s < energies.Length; s++)
        {
            double sum = 0;
            var segment = samples.Slice(s * segmentLength, segmentLength);
            for (var i = 0; i < segment.Length; i++)
            {
                double x = segment[i];
                var y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                var z = c0 * y + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                z2 = z1;
                z1 = z;
                sum += z * z;
            }

            energies[s] = sum;
        }

        return energies;
    }
}
