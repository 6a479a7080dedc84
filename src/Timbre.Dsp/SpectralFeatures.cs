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
        var result = Allocate(_stft.FrameCount(samples.Length));
        _stft.ForEachFrame(samples, (t, power) => StoreFrame(t, power, SpectralContrast.Magnitude(power, power.Length <= SpectralContrast.MaxStackBins ? stackalloc double[power.Length] : new double[power.Length]), result));
        return result;
    }

    /// <summary>All four statistics of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public SpectralStatistics FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var result = Allocate(power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, spectrum, SpectralContrast.Magnitude(spectrum, new double[spectrum.Length]), result));
        return result;
    }

    internal static SpectralStatistics Allocate(int frames) =>
        new(new float[frames], new float[frames], new float[frames], new float[frames]);

    /// <summary>Stores the statistics of frame <paramref name="t"/> from its power and magnitude (= sqrt(power)) spectra.</summary>
    internal void StoreFrame(int t, ReadOnlySpan<double> power, ReadOnlySpan<double> mag, SpectralStatistics result)
    {
        var o = Options;
        var freqs = _freqs;
        var n = power.Length;
        var sum = 0.0;
        var weighted = 0.0;
        var logSum = 0.0;
        var linSum = 0.0;
        for (var k = 0; k < n; k++)
        {
            var s = mag[k];
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

        result.Centroid[t] = (float)c;
        result.Bandwidth[t] = (float)(o.BandwidthP == 2.0 ? Math.Sqrt(spread) : Math.Pow(spread, 1.0 / o.BandwidthP));
        result.Rolloff[t] = (float)roll;
        result.Flatness[t] = (float)(Math.Exp(logSum / n) / (linSum / n));
    }
}
