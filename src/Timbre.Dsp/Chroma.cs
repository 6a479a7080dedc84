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
    private readonly double[] _bank; // NChroma × bins

    /// <summary>Builds the STFT tables and chroma filter bank; throws if the options are invalid.</summary>
    public Chroma(ChromaOptions? options = null)
    {
        Options = options ?? new ChromaOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        _bank = CreateFilterBank(Options);
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
        Project(_bank, bins, power, values);
        Normalize(values, Options.Norm);
        for (var c = 0; c < nc; c++)
        {
            result.Data[c * frames + t] = (float)values[c];
        }
    }

    /// <summary>
    /// values[c] = Σ_k bank[c, k]·power[k] in double, four rows per pass over the float spectrum (each vector of it
    /// widened once per pass): the chroma of quiet bins is kept to double's precision, as the tonnetz needs.
    /// </summary>
    private static void Project(double[] bank, int bins, ReadOnlySpan<float> power, Span<double> values)
    {
        var width = Vector<float>.Count;
        var half = Vector<double>.Count;
        var c = 0;
        for (; c + 4 <= values.Length; c += 4)
        {
            var b0 = bank.AsSpan(c * bins, bins);
            var b1 = bank.AsSpan((c + 1) * bins, bins);
            var b2 = bank.AsSpan((c + 2) * bins, bins);
            var b3 = bank.AsSpan((c + 3) * bins, bins);
            Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero, a2 = Vector<double>.Zero, a3 = Vector<double>.Zero;
            var k = 0;
            for (; k + width <= bins; k += width)
            {
                Vector.Widen(new Vector<float>(power.Slice(k, width)), out var lo, out var hi);
                a0 += new Vector<double>(b0.Slice(k, half)) * lo + new Vector<double>(b0.Slice(k + half, half)) * hi;
                a1 += new Vector<double>(b1.Slice(k, half)) * lo + new Vector<double>(b1.Slice(k + half, half)) * hi;
                a2 += new Vector<double>(b2.Slice(k, half)) * lo + new Vector<double>(b2.Slice(k + half, half)) * hi;
                a3 += new Vector<double>(b3.Slice(k, half)) * lo + new Vector<double>(b3.Slice(k + half, half)) * hi;
            }

            double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (; k < bins; k++)
            {
                s0 += b0[k] * power[k];
                s1 += b1[k] * power[k];
                s2 += b2[k] * power[k];
                s3 += b3[k] * power[k];
            }

            (values[c], values[c + 1], values[c + 2], values[c + 3]) = (s0, s1, s2, s3);
        }

        for (; c < values.Length; c++)
        {
            var row = bank.AsSpan(c * bins, bins);
            var sum = 0.0;
            for (var k = 0; k < bins; k++)
            {
                sum += row[k] * power[k];
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
