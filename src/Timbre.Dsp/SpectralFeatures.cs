namespace Timbre.Dsp;

/// <summary>
/// Spectral centroid, bandwidth, roll-off and flatness from one STFT pass, with librosa's formulas:
/// centroid = Σ f·S / Σ S; bandwidth = (Σ (S/ΣS)·|f − centroid|^p)^(1/p); roll-off = smallest f with
/// cumulative Σ S ≥ pct·Σ S; flatness = exp(mean log max(amin, S^q)) / mean max(amin, S^q). Frames whose
/// magnitude sum is below float32's smallest normal value are left unnormalised (centroid and bandwidth 0),
/// as librosa's <c>util.normalize</c> does. Thread-safe.
/// </summary>
public sealed class SpectralFeatures
{
    private const double Tiny = 1.1754943508222875e-38; // numpy.finfo(float32).tiny
    private readonly Stft _stft;
    private readonly double[] _freqs;

    /// <summary>Builds the STFT tables; throws if the options are invalid.</summary>
    public SpectralFeatures(SpectralOptions? options = null)
    {
        Options = options ?? new SpectralOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        _freqs = _stft.BinFrequencies(Options.SampleRate);
    }

    /// <summary>The settings.</summary>
    public SpectralOptions Options { get; }

    /// <summary>Computes all four statistics.</summary>
    public SpectralStatistics Compute(ReadOnlySpan<float> samples)
    {
        var frames = _stft.FrameCount(samples.Length);
        var centroid = new float[frames];
        var bandwidth = new float[frames];
        var rolloff = new float[frames];
        var flatness = new float[frames];
        var o = Options;
        var freqs = _freqs;
        _stft.ForEachFrame(samples, (t, power) =>
        {
            var n = power.Length;
            var mag = n <= 4097 ? stackalloc double[n] : new double[n];
            var sum = 0.0;
            var weighted = 0.0;
            var logSum = 0.0;
            var linSum = 0.0;
            for (var k = 0; k < n; k++)
            {
                var s = Math.Sqrt(power[k]);
                mag[k] = s;
                sum += s;
                weighted += freqs[k] * s;
                var q = o.FlatnessPower == 2.0 ? power[k] : Math.Pow(s, o.FlatnessPower);
                q = Math.Max(o.FlatnessAmin, q);
                logSum += Math.Log(q);
                linSum += q;
            }

            var norm = sum < Tiny ? 1.0 : sum;
            var c = weighted / norm;
            var spread = 0.0;
            for (var k = 0; k < n; k++)
            {
                var d = Math.Abs(freqs[k] - c);
                spread += mag[k] / norm * (o.BandwidthP == 2.0 ? d * d : Math.Pow(d, o.BandwidthP));
            }

            var threshold = o.RolloffPercent * sum;
            var cumulative = 0.0;
            var roll = 0.0;
            for (var k = 0; k < n; k++)
            {
                cumulative += mag[k];
                if (cumulative >= threshold)
                {
                    roll = freqs[k];
                    break;
                }
            }

            centroid[t] = (float)c;
            bandwidth[t] = (float)(o.BandwidthP == 2.0 ? Math.Sqrt(spread) : Math.Pow(spread, 1.0 / o.BandwidthP));
            rolloff[t] = (float)roll;
            flatness[t] = (float)(Math.Exp(logSum / n) / (linSum / n));
        });
        return new SpectralStatistics(centroid, bandwidth, rolloff, flatness);
    }
}
