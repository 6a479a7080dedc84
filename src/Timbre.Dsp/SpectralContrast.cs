namespace Timbre.Dsp;

/// <summary>
/// Spectral contrast (Jiang et al. 2002) with librosa's band layout and rounding:
/// for band k the bins with f_low ≤ f ≤ f_high (plus the bin below for k &gt; 0, plus all bins above for the last),
/// the top bin dropped for all but the last band; n = max(1, round(quantile · band size)) bins are averaged for the
/// valley (smallest) and the peak (largest). Result (NBands + 1) × frames = power_to_db(peak) − power_to_db(valley),
/// each converted with librosa's defaults (ref 1, amin 1e-10, top_db 80 over the whole matrix). Thread-safe.
/// </summary>
public sealed class SpectralContrast
{
    /// <summary>Largest spectrum kept on the stack (n_fft 8192).</summary>
    internal const int MaxStackBins = 4097;

    private readonly Stft _stft;
    private readonly (int Start, int Count, int Quantile)[] _bands;
    private readonly int _maxQuantile;

    /// <summary>Builds the STFT tables and band layout; throws if the options are invalid.</summary>
    public SpectralContrast(ContrastOptions? options = null)
    {
        Options = options ?? new ContrastOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        var freqs = _stft.BinFrequencies(Options.SampleRate);
        var nb = Options.NBands;
        var octa = new double[nb + 2];
        for (var i = 1; i < octa.Length; i++)
        {
            octa[i] = Options.FMin * Math.Pow(2.0, i - 1);
        }

        _bands = new (int, int, int)[nb + 1];
        for (var k = 0; k <= nb; k++)
        {
            int first = -1, last = -1;
            for (var b = 0; b < freqs.Length; b++)
            {
                if (freqs[b] >= octa[k] && freqs[b] <= octa[k + 1])
                {
                    if (first < 0)
                    {
                        first = b;
                    }

                    last = b;
                }
            }

            if (first < 0)
            {
                throw new ArgumentException($"Contrast band {k} ({octa[k]}–{octa[k + 1]} Hz) contains no FFT bin; increase n_fft or fmin.");
            }

            if (k > 0 && first > 0)
            {
                first--;
            }

            if (k == nb)
            {
                last = freqs.Length - 1;
            }

            var size = last - first + 1;
            var q = (int)Math.Max(1, Math.Round(Options.Quantile * size, MidpointRounding.ToEven));
            var used = k < nb ? size - 1 : size;
            if (used < 1)
            {
                throw new ArgumentException($"Contrast band {k} is too narrow for n_fft {Options.Stft.NFft}.");
            }

            _bands[k] = (first, used, Math.Min(q, used));
            _maxQuantile = Math.Max(_maxQuantile, _bands[k].Quantile);
        }
    }

    /// <summary>The settings.</summary>
    public ContrastOptions Options { get; }

    /// <summary>Spectral contrast, (NBands + 1) × frames.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples)
    {
        var frames = _stft.FrameCount(samples.Length);
        var peak = new FeatureMatrix(_bands.Length, frames);
        var valley = new FeatureMatrix(_bands.Length, frames);
        _stft.ForEachFrame(samples, (t, power) => StoreFrame(t, Magnitude(power, power.Length <= MaxStackBins ? stackalloc double[power.Length] : new double[power.Length]), peak, valley));
        return Finish(peak, valley);
    }

    /// <summary>Spectral contrast of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public FeatureMatrix FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var peak = new FeatureMatrix(_bands.Length, power.Cols);
        var valley = new FeatureMatrix(_bands.Length, power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, Magnitude(spectrum, spectrum.Length <= MaxStackBins ? stackalloc double[spectrum.Length] : new double[spectrum.Length]), peak, valley));
        return Finish(peak, valley);
    }

    /// <summary>Writes |X| = sqrt(power) into <paramref name="magnitude"/> and returns it.</summary>
    internal static Span<double> Magnitude(ReadOnlySpan<double> power, Span<double> magnitude)
    {
        System.Numerics.Tensors.TensorPrimitives.Sqrt(power, magnitude[..power.Length]);
        return magnitude[..power.Length];
    }

    /// <summary>
    /// Stores the band valleys and peaks of one frame from its magnitude spectrum (not modified).
    /// </summary>
    internal void StoreFrame(int t, ReadOnlySpan<double> magnitude, FeatureMatrix peak, FeatureMatrix valley)
    {
        var frames = peak.Cols;
        var maxQ = _maxQuantile;
        var lowest = maxQ <= 256 ? stackalloc double[maxQ] : new double[maxQ];
        var highest = maxQ <= 256 ? stackalloc double[maxQ] : new double[maxQ];
        for (var k = 0; k < _bands.Length; k++)
        {
            var (start, count, q) = _bands[k];
            var band = magnitude.Slice(start, count);
            var lo = ExtremeSum(band, lowest[..q], largest: false);
            var hi = ExtremeSum(band, highest[..q], largest: true);
            valley.Data[k * frames + t] = (float)(lo / q);
            peak.Data[k * frames + t] = (float)(hi / q);
        }
    }

    /// <summary>
    /// Sum of the <c>keep.Length</c> smallest (or, with <paramref name="largest"/>, largest) values, added from the most
    /// extreme inwards — the same sum (bit for bit) as sorting the band and adding its head (or its tail backwards),
    /// without sorting the whole band.
    /// </summary>
    internal static double ExtremeSum(ReadOnlySpan<double> values, Span<double> keep, bool largest) =>
        largest ? ExtremeSum<Largest>(values, keep) : ExtremeSum<Smallest>(values, keep);

    private static double ExtremeSum<TOrder>(ReadOnlySpan<double> values, Span<double> keep)
        where TOrder : struct, IOrder
    {
        var q = keep.Length;
        var n = 0;
        var i0 = 0;
        for (; i0 < values.Length && n < q; i0++)
        {
            var v = values[i0];
            var i = n++;
            while (i > 0 && TOrder.Before(v, keep[i - 1]))
            {
                keep[i] = keep[i - 1];
                i--;
            }

            keep[i] = v;
        }

        var last = q > 0 ? keep[q - 1] : 0.0;
        for (var j = i0; j < values.Length; j++)
        {
            var v = values[j];
            if (!TOrder.Before(v, last))
            {
                continue;
            }

            var i = q - 1;
            while (i > 0 && TOrder.Before(v, keep[i - 1]))
            {
                keep[i] = keep[i - 1];
                i--;
            }

            keep[i] = v;
            last = keep[q - 1];
        }

        var sum = 0.0;
        for (var i = 0; i < q; i++)
        {
            sum += keep[i];
        }

        return sum;
    }

    /// <summary>The ranking of a band's values: whether <c>a</c> comes before <c>b</c> (false for NaN, as the comparisons of a sort).</summary>
    private interface IOrder
    {
        static abstract bool Before(double a, double b);
    }

    private readonly struct Smallest : IOrder
    {
        public static bool Before(double a, double b) => a < b;
    }

    private readonly struct Largest : IOrder
    {
        public static bool Before(double a, double b) => a > b;
    }

    /// <summary>Turns the per-band peaks and valleys into the contrast (in place in <paramref name="peak"/>).</summary>
    internal FeatureMatrix Finish(FeatureMatrix peak, FeatureMatrix valley)
    {
        if (!Options.Linear)
        {
            Decibels.PowerToDbInPlace(peak.Data);
            Decibels.PowerToDbInPlace(valley.Data);
        }

        for (var i = 0; i < peak.Data.Length; i++)
        {
            peak.Data[i] -= valley.Data[i];
        }

        return peak;
    }
}
