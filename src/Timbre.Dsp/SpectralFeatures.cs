using System.Numerics.Tensors;

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
    private const int LogGroup = 8; // values multiplied per log in the flatness (8 × [1e-10, 1e6] stays far inside double's range)
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
        var sum = TensorPrimitives.Sum(mag);
        var weighted = TensorPrimitives.Dot(freqs, mag);
        var (logSum, linSum) = o.FlatnessPower == 2.0 ? LogAndLinearSums(power, o.FlatnessAmin) : GeneralSums(mag, o);
        var norm = sum < Tiny ? 1.0 : sum;
        var c = weighted / norm;
        var spread = o.BandwidthP == 2.0 ? SquaredSpread(freqs, mag, c, norm) : GeneralSpread(freqs, mag, c, norm, o.BandwidthP);
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

    /// <summary>
    /// Σ log max(amin, p) and Σ max(amin, p). The logs are taken of products of <see cref="LogGroup"/> values per vector
    /// lane (one log per group instead of one per bin); a group whose product leaves the normal double range falls
    /// back to one log per value.
    /// </summary>
    private static (double Log, double Linear) LogAndLinearSums(ReadOnlySpan<double> power, double amin)
    {
        var width = Vector<double>.Count;
        var block = width * LogGroup;
        var floor = new Vector<double>(amin);
        var linear = Vector<double>.Zero;
        var logSum = 0.0;
        var k = 0;
        for (; k + block <= power.Length; k += block)
        {
            var product = Vector<double>.One;
            for (var g = 0; g < LogGroup; g++)
            {
                var q = Vector.Max(floor, new Vector<double>(power.Slice(k + g * width, width)));
                linear += q;
                product *= q;
            }

            // One vector log for all lanes (within an ulp of Math.Log), summed lane by lane as before.
            var logs = Vector.Log(product);
            for (var lane = 0; lane < width; lane++)
            {
                var p = product[lane];
                if (p is > 1e-300 and < 1e300)
                {
                    logSum += logs[lane];
                }
                else
                {
                    for (var g = 0; g < LogGroup; g++)
                    {
                        logSum += Math.Log(Math.Max(amin, power[k + g * width + lane]));
                    }
                }
            }
        }

        var linSum = Vector.Sum(linear);
        for (; k < power.Length; k++)
        {
            var q = Math.Max(amin, power[k]);
            logSum += Math.Log(q);
            linSum += q;
        }

        return (logSum, linSum);
    }

    private static (double Log, double Linear) GeneralSums(ReadOnlySpan<double> mag, SpectralOptions o)
    {
        double logSum = 0, linSum = 0;
        foreach (var s in mag)
        {
            var q = Math.Max(o.FlatnessAmin, Math.Pow(s, o.FlatnessPower));
            logSum += Math.Log(q);
            linSum += q;
        }

        return (logSum, linSum);
    }

    /// <summary>Σ mag/norm · (f − c)², vectorised.</summary>
    private static double SquaredSpread(ReadOnlySpan<double> freqs, ReadOnlySpan<double> mag, double c, double norm)
    {
        var width = Vector<double>.Count;
        var centre = new Vector<double>(c);
        var scale = new Vector<double>(norm);
        var acc = Vector<double>.Zero;
        var k = 0;
        for (; k + width <= mag.Length; k += width)
        {
            var d = new Vector<double>(freqs.Slice(k, width)) - centre;
            acc += new Vector<double>(mag.Slice(k, width)) / scale * (d * d);
        }

        var spread = Vector.Sum(acc);
        for (; k < mag.Length; k++)
        {
            var d = freqs[k] - c;
            spread += mag[k] / norm * (d * d);
        }

        return spread;
    }

    private static double GeneralSpread(ReadOnlySpan<double> freqs, ReadOnlySpan<double> mag, double c, double norm, double p)
    {
        var spread = 0.0;
        for (var k = 0; k < mag.Length; k++)
        {
            spread += mag[k] / norm * Math.Pow(Math.Abs(freqs[k] - c), p);
        }

        return spread;
    }
}
