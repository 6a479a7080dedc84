using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>
/// Spectral contrast (Jiang et al. 2002) with librosa's band layout and rounding:
/// for band k the bins with f_low ≤ f ≤ f_high (plus the bin below for k &gt; 0, plus all bins above for the last),
/// the top bin dropped for all but the last band; n = max(1, round(quantile · band size)) bins are averaged for the
/// valley (smallest) and the peak (largest). Result (NBands + 1) × frames = power_to_db(peak) − power_to_db(valley),
/// each converted with librosa's defaults (ref 1, amin 1e-10, top_db 80 over the whole matrix). Thread-safe.
/// </summary>
public sealed partial class SpectralContrast
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
        _stft.ForEachFrame(samples, (t, power) => StoreFrame(t, Magnitude(power, power.Length <= MaxStackBins ? stackalloc float[power.Length] : new float[power.Length]), peak, valley));
        return Finish(peak, valley);
    }

    /// <summary>Spectral contrast of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public FeatureMatrix FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var peak = new FeatureMatrix(_bands.Length, power.Cols);
        var valley = new FeatureMatrix(_bands.Length, power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, Magnitude(spectrum, spectrum.Length <= MaxStackBins ? stackalloc float[spectrum.Length] : new float[spectrum.Length]), peak, valley));
        return Finish(peak, valley);
    }

    /// <summary>Writes |X| = sqrt(power) into <paramref name="magnitude"/> and returns it.</summary>
    internal static Span<float> Magnitude(ReadOnlySpan<float> power, Span<float> magnitude)
    {
        System.Numerics.Tensors.TensorPrimitives.Sqrt(power, magnitude[..power.Length]);
        return magnitude[..power.Length];
    }

    /// <summary>
    /// Stores the band valleys and peaks of one frame from its magnitude spectrum (not modified).
    /// </summary>
    internal void StoreFrame(int t, ReadOnlySpan<float> magnitude, FeatureMatrix peak, FeatureMatrix valley)
    {
        var frames = peak.Cols;
        var maxQ = _maxQuantile;
        var lowest = maxQ <= 256 ? stackalloc float[maxQ] : new float[maxQ];
        var highest = maxQ <= 256 ? stackalloc float[maxQ] : new float[maxQ];
        for (var k = 0; k < _bands.Length; k++)
        {
            var (start, count, q) = _bands[k];
            var band = magnitude.Slice(start, count);
            var (lo, hi) = ExtremeSums(band, lowest[..q], highest[..q]);
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
        // The kept set (hence the sum) depends only on the values, not on the order they are visited in; valleys are
        // searched from the top of the band, where spectra are mostly lower, so few values enter late.
        var q = keep.Length;
        var length = values.Length;
        var fill = Math.Min(q, length);
        for (var n = 0; n < fill; n++)
        {
            var v = values[TOrder.FromTop ? length - 1 - n : n];
            var i = n;
            while (i > 0 && TOrder.Before(v, keep[i - 1]))
            {
                keep[i] = keep[i - 1];
                i--;
            }

            keep[i] = v;
        }

        var last = q > 0 ? keep[q - 1] : 0.0;
        ref var source = ref MemoryMarshal.GetReference(values);
        if (TOrder.FromTop)
        {
            var j = length - fill;
            for (; j >= 8 && Vector512.IsHardwareAccelerated; j -= 8)
            {
                // Only the lanes that rank before the last kept value can enter (it only moves outwards): visit those.
                var mask = TOrder.BeforeMask(Vector512.LoadUnsafe(ref source, (nuint)(j - 8)), Vector512.Create(last));
                while (mask != 0)
                {
                    var lane = 63 - BitOperations.LeadingZeroCount(mask);
                    last = Insert<TOrder>(keep, values[j - 8 + lane], last);
                    mask &= ~(1UL << lane);
                }
            }

            for (; j >= 4 && Vector256.IsHardwareAccelerated; j -= 4)
            {
                // Most values cannot enter the kept set: test four at a time and look closer only when one might.
                if (TOrder.AnyBefore(Vector256.LoadUnsafe(ref source, (nuint)(j - 4)), Vector256.Create(last)))
                {
                    for (var l = j - 1; l >= j - 4; l--)
                    {
                        last = Insert<TOrder>(keep, values[l], last);
                    }
                }
            }

            for (j--; j >= 0; j--)
            {
                last = Insert<TOrder>(keep, values[j], last);
            }
        }
        else
        {
            var j = fill;
            for (; j + 8 <= length && Vector512.IsHardwareAccelerated; j += 8)
            {
                var mask = TOrder.BeforeMask(Vector512.LoadUnsafe(ref source, (nuint)j), Vector512.Create(last));
                while (mask != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(mask);
                    last = Insert<TOrder>(keep, values[j + lane], last);
                    mask &= mask - 1;
                }
            }

            for (; j + 4 <= length && Vector256.IsHardwareAccelerated; j += 4)
            {
                if (TOrder.AnyBefore(Vector256.LoadUnsafe(ref source, (nuint)j), Vector256.Create(last)))
                {
                    for (var l = j; l < j + 4; l++)
                    {
                        last = Insert<TOrder>(keep, values[l], last);
                    }
                }
            }

            for (; j < length; j++)
            {
                last = Insert<TOrder>(keep, values[j], last);
            }
        }

        var sum = 0.0;
        for (var i = 0; i < q; i++)
        {
            sum += keep[i];
        }

        return sum;
    }

    /// <summary>Inserts <paramref name="v"/> into the full kept set when it ranks before its last value (<paramref name="last"/>); returns the new last value.</summary>
    private static double Insert<TOrder>(Span<double> keep, double v, double last)
        where TOrder : struct, IOrder
    {
        if (!TOrder.Before(v, last))
        {
            return last;
        }

        var i = keep.Length - 1;
        while (i > 0 && TOrder.Before(v, keep[i - 1]))
        {
            keep[i] = keep[i - 1];
            i--;
        }

        keep[i] = v;
        return keep[^1];
    }

    /// <summary>The ranking of a band's values: whether <c>a</c> comes before <c>b</c> (false for NaN, as the comparisons of a sort).</summary>
    private interface IOrder
    {
        static abstract bool Before(double a, double b);

        static abstract bool AnyBefore(Vector256<double> a, Vector256<double> b);

        /// <summary>Bit l set when lane l of <c>a</c> comes before the same lane of <c>b</c>.</summary>
        static abstract ulong BeforeMask(Vector512<double> a, Vector512<double> b);

        /// <summary>Visit the band from its highest bin down.</summary>
        static abstract bool FromTop { get; }
    }

    private readonly struct Smallest : IOrder
    {
        public static bool Before(double a, double b) => a < b;

        public static bool AnyBefore(Vector256<double> a, Vector256<double> b) => Vector256.LessThanAny(a, b);

        public static ulong BeforeMask(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b).ExtractMostSignificantBits();

        public static bool FromTop => true;
    }

    private readonly struct Largest : IOrder
    {
        public static bool Before(double a, double b) => a > b;

        public static bool AnyBefore(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanAny(a, b);

        public static ulong BeforeMask(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b).ExtractMostSignificantBits();

        public static bool FromTop => false;
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
