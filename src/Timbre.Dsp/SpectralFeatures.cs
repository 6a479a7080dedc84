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
    private readonly float[] _freqs;

    /// <summary>Builds the STFT tables; throws if the options are invalid.</summary>
    public SpectralFeatures(SpectralOptions? options = null)
    {
        Options = options ?? new SpectralOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        _freqs = Array.ConvertAll(_stft.BinFrequencies(Options.SampleRate), f => (float)f);
    }

    /// <summary>The settings.</summary>
    public SpectralOptions Options { get; }

    /// <summary>Computes all four statistics.</summary>
    public SpectralStatistics Compute(ReadOnlySpan<float> samples)
    {
        var result = Allocate(_stft.FrameCount(samples.Length));
        _stft.ForEachFrame(samples, (t, power) => StoreFrame(t, power, SpectralContrast.Magnitude(power, power.Length <= SpectralContrast.MaxStackBins ? stackalloc float[power.Length] : new float[power.Length]), result));
        return result;
    }

    /// <summary>All four statistics of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public SpectralStatistics FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var result = Allocate(power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, spectrum, SpectralContrast.Magnitude(spectrum, new float[spectrum.Length]), result));
        return result;
    }

    internal static SpectralStatistics Allocate(int frames) =>
        new(new float[frames], new float[frames], new float[frames], new float[frames]);

    /// <summary>
    /// Stores the statistics of frame <paramref name="t"/> from its power and magnitude (= sqrt(power)) spectra: products
    /// in float, sums of many bins in double.
    /// </summary>
    internal void StoreFrame(int t, ReadOnlySpan<float> power, ReadOnlySpan<float> mag, SpectralStatistics result)
    {
        var o = Options;
        var freqs = _freqs;
        var (sum, weighted) = SumAndWeighted(freqs, mag);
        var (logSum, linSum) = o.FlatnessPower == 2.0 ? LogAndLinearSums(power, o.FlatnessAmin) : GeneralSums(mag, o);
        var n = power.Length;
        var norm = sum < Tiny ? 1.0 : sum;
        var c = weighted / norm;
        var spread = o.BandwidthP == 2.0 ? SquaredSpread(freqs, mag, c, norm) : GeneralSpread(freqs, mag, c, norm, o.BandwidthP);
        var roll = Rolloff(freqs, mag, o.RolloffPercent * sum);
        result.Centroid[t] = (float)c;
        result.Bandwidth[t] = (float)(o.BandwidthP == 2.0 ? Math.Sqrt(spread) : Math.Pow(spread, 1.0 / o.BandwidthP));
        result.Rolloff[t] = (float)roll;
        result.Flatness[t] = (float)(Math.Exp(logSum / n) / (linSum / n));
    }

    /// <summary>Σ mag and Σ f·mag, float products added in double lanes.</summary>
    private static (double Sum, double Weighted) SumAndWeighted(ReadOnlySpan<float> freqs, ReadOnlySpan<float> mag)
    {
        var width = Vector<float>.Count;
        Vector<double> sum0 = Vector<double>.Zero, sum1 = Vector<double>.Zero, w0 = Vector<double>.Zero, w1 = Vector<double>.Zero;
        var k = 0;
        for (; k + width <= mag.Length; k += width)
        {
            var m = new Vector<float>(mag.Slice(k, width));
            Vector.Widen(m, out var m0, out var m1);
            Vector.Widen(m * new Vector<float>(freqs.Slice(k, width)), out var f0, out var f1);
            sum0 += m0;
            sum1 += m1;
            w0 += f0;
            w1 += f1;
        }

        var sum = Vector.Sum(sum0 + sum1);
        var weighted = Vector.Sum(w0 + w1);
        for (; k < mag.Length; k++)
        {
            sum += mag[k];
            weighted += freqs[k] * mag[k];
        }

        return (sum, weighted);
    }

    /// <summary>The frequency of the first bin where the running Σ mag reaches <paramref name="threshold"/> (0 if none), found a vector of bins at a time.</summary>
    private static double Rolloff(ReadOnlySpan<float> freqs, ReadOnlySpan<float> mag, double threshold)
    {
        var width = Vector<float>.Count;
        var cumulative = 0.0;
        var k = 0;
        for (; k + width <= mag.Length; k += width)
        {
            Vector.Widen(new Vector<float>(mag.Slice(k, width)), out var lo, out var hi);
            var next = cumulative + Vector.Sum(lo + hi);
            if (next >= threshold)
            {
                break;
            }

            cumulative = next;
        }

        for (; k < mag.Length; k++)
        {
            cumulative += mag[k];
            if (cumulative >= threshold)
            {
                return freqs[k];
            }
        }

        return 0.0;
    }

    /// <summary>
    /// Σ log max(amin, p) and Σ max(amin, p), in double. The logs are taken of products of <see cref="LogGroup"/> values
    /// per vector lane (one log per group instead of one per bin); a block whose products leave the normal double range
    /// falls back to one log per value.
    /// </summary>
    private static (double Log, double Linear) LogAndLinearSums(ReadOnlySpan<float> power, double amin)
    {
        var width = Vector<float>.Count;
        var block = width * LogGroup / 2; // each float vector widens to two double vectors, each one factor of a group
        var floor = new Vector<double>(amin);
        var smallest = new Vector<double>(1e-300);
        var largest = new Vector<double>(1e300);
        Vector<double> linear = Vector<double>.Zero, logs = Vector<double>.Zero;
        var logSum = 0.0;
        var k = 0;
        for (; k + block <= power.Length; k += block)
        {
            var product = Vector<double>.One;
            for (var g = 0; g < LogGroup / 2; g++)
            {
                Vector.Widen(new Vector<float>(power.Slice(k + g * width, width)), out var lo, out var hi);
                lo = Vector.Max(floor, lo);
                hi = Vector.Max(floor, hi);
                linear += lo + hi;
                product *= lo * hi;
            }

            if (Vector.GreaterThanAll(product, smallest) && Vector.LessThanAll(product, largest))
            {
                logs += Vector.Log(product);
            }
            else
            {
                for (var i = k; i < k + block; i++)
                {
                    logSum += Math.Log(Math.Max(amin, power[i]));
                }
            }
        }

        logSum += Vector.Sum(logs);
        var linSum = Vector.Sum(linear);
        for (; k < power.Length; k++)
        {
            var q = Math.Max(amin, power[k]);
            logSum += Math.Log(q);
            linSum += q;
        }

        return (logSum, linSum);
    }

    private static (double Log, double Linear) GeneralSums(ReadOnlySpan<float> mag, SpectralOptions o)
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

    /// <summary>Σ mag/norm · (f − c)², float products added in double lanes.</summary>
    private static double SquaredSpread(ReadOnlySpan<float> freqs, ReadOnlySpan<float> mag, double c, double norm)
    {
        var width = Vector<float>.Count;
        var centre = new Vector<float>((float)c);
        var scale = new Vector<float>((float)(1.0 / norm));
        Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
        var k = 0;
        for (; k + width <= mag.Length; k += width)
        {
            var d = new Vector<float>(freqs.Slice(k, width)) - centre;
            Vector.Widen(new Vector<float>(mag.Slice(k, width)) * scale * (d * d), out var lo, out var hi);
            acc0 += lo;
            acc1 += hi;
        }

        var spread = Vector.Sum(acc0 + acc1);
        for (; k < mag.Length; k++)
        {
            var d = freqs[k] - c;
            spread += mag[k] / norm * (d * d);
        }

        return spread;
    }

    private static double GeneralSpread(ReadOnlySpan<float> freqs, ReadOnlySpan<float> mag, double c, double norm, double p)
    {
        var spread = 0.0;
        for (var k = 0; k < mag.Length; k++)
        {
            spread += mag[k] / norm * Math.Pow(Math.Abs(freqs[k] - c), p);
        }

        return spread;
    }
}
