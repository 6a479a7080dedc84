using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>
/// Short-time chroma (librosa <c>feature.chroma_stft</c>): the power spectrogram projected on librosa's
/// <c>filters.chroma</c> bank, then each frame normalised (frames with norm below float32's tiny are left as is).
/// The filter bank is built once; thread-safe.
/// </summary>
public sealed class Chroma
{
    private const double Tiny = 1.1754943508222875e-38;
    private readonly Stft _stft;
    private const int Chunk = 64; // bins added in float before the sum moves to double
    private readonly double[] _bank; // NChroma × bins
    private readonly float[] _bank32; // the same, rounded to float for the per-frame projection

    /// <summary>Builds the STFT tables and chroma filter bank; throws if the options are invalid.</summary>
    public Chroma(ChromaOptions? options = null)
    {
        Options = options ?? new ChromaOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        _bank = CreateFilterBank(Options);
        _bank32 = Array.ConvertAll(_bank, v => (float)v);
    }

    /// <summary>The settings.</summary>
    public ChromaOptions Options { get; }

    /// <summary>The chroma filter bank, NChroma × (n_fft/2 + 1), as librosa's <c>filters.chroma</c>.</summary>
    public FeatureMatrix FilterBank()
    {
        var bins = Options.Stft.BinCount;
        var m = new FeatureMatrix(Options.NChroma, bins);
        for (var i = 0; i < _bank.Length; i++)
        {
            m.Data[i] = (float)_bank[i];
        }

        return m;
    }

    /// <summary>Chromagram, NChroma × frames.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples)
    {
        var result = new FeatureMatrix(Options.NChroma, _stft.FrameCount(samples.Length));
        _stft.ForEachFrame(samples, (t, power) => StoreFrame(t, power, result));
        return result;
    }

    /// <summary>Chromagram of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public FeatureMatrix FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var result = new FeatureMatrix(Options.NChroma, power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, spectrum, result));
        return result;
    }

    /// <summary>Projects one frame's power spectrum and stores normalised column <paramref name="t"/>.</summary>
    internal void StoreFrame(int t, ReadOnlySpan<float> power, FeatureMatrix result)
    {
        var nc = Options.NChroma;
        var bins = Options.Stft.BinCount;
        var frames = result.Cols;
        Span<double> raw = stackalloc double[nc <= 256 ? nc : 0];
        var values = raw.Length == nc ? raw : new double[nc];
        Project(_bank32, bins, power, values);
        Normalize(values, Options.Norm);
        for (var c = 0; c < nc; c++)
        {
            result.Data[c * frames + t] = (float)values[c];
        }
    }

    /// <summary>
    /// values[c] = Σ_k bank[c, k]·power[k]: float products, four rows per pass over the spectrum, added in float over
    /// 64 bins and then in double (plain float sums over all bins lose the precision the tonnetz of quiet frames needs).
    /// </summary>
    private static void Project(float[] bank, int bins, ReadOnlySpan<float> power, Span<double> values)
    {
        var c = 0;
        if (Vector512.IsHardwareAccelerated && bins >= Chunk)
        {
            ref var p = ref MemoryMarshal.GetReference(power);
            for (; c + 4 <= values.Length; c += 4)
            {
                ref var b0 = ref bank[c * bins];
                ref var b1 = ref bank[(c + 1) * bins];
                ref var b2 = ref bank[(c + 2) * bins];
                ref var b3 = ref bank[(c + 3) * bins];
                Vector512<double> d0 = default, d1 = default, d2 = default, d3 = default;
                var k = 0;
                for (; k + Chunk <= bins; k += Chunk)
                {
                    Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (var i = k; i < k + Chunk; i += 16)
                    {
                        var x = Vector512.LoadUnsafe(ref p, (nuint)i);
                        a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref b0, (nuint)i), x, a0);
                        a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref b1, (nuint)i), x, a1);
                        a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref b2, (nuint)i), x, a2);
                        a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref b3, (nuint)i), x, a3);
                    }

                    d0 += Vector512.WidenLower(a0) + Vector512.WidenUpper(a0);
                    d1 += Vector512.WidenLower(a1) + Vector512.WidenUpper(a1);
                    d2 += Vector512.WidenLower(a2) + Vector512.WidenUpper(a2);
                    d3 += Vector512.WidenLower(a3) + Vector512.WidenUpper(a3);
                }

                double s0 = Vector512.Sum(d0), s1 = Vector512.Sum(d1), s2 = Vector512.Sum(d2), s3 = Vector512.Sum(d3);
                for (; k < bins; k++)
                {
                    var x = (double)power[k];
                    s0 += Unsafe.Add(ref b0, k) * x;
                    s1 += Unsafe.Add(ref b1, k) * x;
                    s2 += Unsafe.Add(ref b2, k) * x;
                    s3 += Unsafe.Add(ref b3, k) * x;
                }

                (values[c], values[c + 1], values[c + 2], values[c + 3]) = (s0, s1, s2, s3);
            }
        }

        for (; c < values.Length; c++)
        {
            var row = bank.AsSpan(c * bins, bins);
            var sum = 0.0;
            for (var k = 0; k < bins; k++)
            {
                sum += row[k] * (double)power[k];
            }

            values[c] = sum;
        }
    }

    /// <summary>Divides <paramref name="values"/> by their <paramref name="p"/>-norm (librosa's util.normalize); null or a norm below float32's tiny leaves them as they are.</summary>
    internal static void Normalize(Span<double> values, double? p)
    {
        if (p is not { } order)
        {
            return;
        }

        var length = Norm(values, order);
        if (length >= Tiny)
        {
            var scale = 1.0 / length;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }
    }

    internal static double Norm(ReadOnlySpan<double> values, double p)
    {
        if (double.IsPositiveInfinity(p))
        {
            var max = 0.0;
            foreach (var v in values)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            return max;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Pow(Math.Abs(v), p);
        }

        return Math.Pow(sum, 1.0 / p);
    }

    private static double[] CreateFilterBank(ChromaOptions o)
    {
        var nFft = o.Stft.NFft;
        var nc = o.NChroma;
        var a440 = 440.0 * Math.Pow(2.0, o.Tuning / nc);
        var frqbins = new double[nFft];
        for (var k = 1; k < nFft; k++)
        {
            var f = (double)k * o.SampleRate / nFft;
            frqbins[k] = nc * Math.Log2(f / (a440 / 16.0));
        }

        frqbins[0] = nFft > 1 ? frqbins[1] - 1.5 * nc : 0.0;
        var width = new double[nFft];
        for (var k = 0; k < nFft - 1; k++)
        {
            width[k] = Math.Max(frqbins[k + 1] - frqbins[k], 1.0);
        }

        width[nFft - 1] = 1.0;
        var half = Math.Round(nc / 2.0, MidpointRounding.ToEven);
        var wts = new double[nc * nFft];
        for (var k = 0; k < nFft; k++)
        {
            for (var c = 0; c < nc; c++)
            {
                var d = frqbins[k] - c + half + 10.0 * nc;
                d = d - Math.Floor(d / nc) * nc - half;
                var z = 2.0 * d / width[k];
                wts[c * nFft + k] = Math.Exp(-0.5 * z * z);
            }

            // L2-normalise each column (librosa util.normalize, norm=2, axis=0).
            var ss = 0.0;
            for (var c = 0; c < nc; c++)
            {
                ss += wts[c * nFft + k] * wts[c * nFft + k];
            }

            var len = Math.Sqrt(ss);
            var inv = len < Tiny ? 1.0 : 1.0 / len;
            var octave = o.OctaveWidth is { } ow ? Math.Exp(-0.5 * Math.Pow((frqbins[k] / nc - o.CenterOctave) / ow, 2)) : 1.0;
            for (var c = 0; c < nc; c++)
            {
                wts[c * nFft + k] *= inv * octave;
            }
        }

        var bins = o.Stft.BinCount;
        var shift = o.BaseC ? 3 * (nc / 12) : 0;
        var bank = new double[nc * bins];
        for (var c = 0; c < nc; c++)
        {
            var src = ((c + shift) % nc + nc) % nc; // np.roll(wts, −shift, axis=0)
            Array.Copy(wts, src * nFft, bank, c * bins, bins);
        }

        return bank;
    }
}
