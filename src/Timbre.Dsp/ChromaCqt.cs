namespace Timbre.Dsp;

/// <summary>
/// Constant-Q chromagram (librosa <c>feature.chroma_cqt</c>): the CQT magnitude folded onto pitch classes with
/// librosa's <c>filters.cq_to_chroma</c> (each chroma bin sums the bpo/n_chroma CQT bins centred on it, in every
/// octave), thresholded and normalised per frame. Thread-safe.
/// </summary>
public sealed class ChromaCqt
{
    private readonly ConstantQ _cqt;
    private readonly int[] _chromaOfBin;

    /// <summary>Builds the CQT bases and folding map; throws if the options are invalid.</summary>
    public ChromaCqt(ChromaCqtOptions? options = null)
    {
        Options = options ?? new ChromaCqtOptions();
        Options.Validate();
        _cqt = new ConstantQ(Options.Cqt);
        _chromaOfBin = CreateMap(Options);
    }

    /// <summary>The settings.</summary>
    public ChromaCqtOptions Options { get; }

    /// <summary>Pitch class (chroma row) that CQT bin k is added to.</summary>
    public int ChromaOfBin(int bin) => _chromaOfBin[bin];

    /// <summary>Number of frames for <paramref name="sampleCount"/> samples (as the CQT).</summary>
    public int FrameCount(int sampleCount) => _cqt.FrameCount(sampleCount);

    /// <summary>Chromagram, NChroma × frames.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples) => FromCqt(_cqt.Compute(samples));

    /// <summary>Chromagram of an already computed CQT magnitude (Cqt.BinCount rows × frames).</summary>
    public FeatureMatrix FromCqt(FeatureMatrix cqt)
    {
        var chroma = Fold(cqt);
        var nc = Options.NChroma;
        var frames = chroma.Cols;
        var column = new double[nc];
        for (var t = 0; t < frames; t++)
        {
            for (var c = 0; c < nc; c++)
            {
                var v = (double)chroma.Data[c * frames + t];
                column[c] = v < Options.Threshold ? 0.0 : v;
            }

            Chroma.Normalize(column, Options.Norm);
            for (var c = 0; c < nc; c++)
            {
                chroma.Data[c * frames + t] = (float)column[c];
            }
        }

        return chroma;
    }

    /// <summary>Computes the CQT of <paramref name="samples"/> and folds it without threshold or normalisation.</summary>
    internal FeatureMatrix RawChroma(ReadOnlySpan<float> samples) => Fold(_cqt.Compute(samples));

    private FeatureMatrix Fold(FeatureMatrix cqt)
    {
        ArgumentNullException.ThrowIfNull(cqt);
        if (cqt.Rows != Options.Cqt.BinCount)
        {
            throw new ArgumentException($"Expected a CQT with {Options.Cqt.BinCount} bins, got {cqt.Rows} rows.", nameof(cqt));
        }

        var frames = cqt.Cols;
        var sums = new double[Options.NChroma * frames];
        for (var k = 0; k < cqt.Rows; k++)
        {
            var row = cqt.Data.AsSpan(k * frames, frames);
            var offset = _chromaOfBin[k] * frames;
            for (var t = 0; t < frames; t++)
            {
                sums[offset + t] += row[t];
            }
        }

        var result = new FeatureMatrix(Options.NChroma, frames);
        for (var i = 0; i < sums.Length; i++)
        {
            result.Data[i] = (float)sums[i];
        }

        return result;
    }

    /// <summary>librosa <c>cq_to_chroma</c>: repeat, roll left by ⌊merge/2⌋, tile over octaves, roll to C (or A).</summary>
    private static int[] CreateMap(ChromaCqtOptions o)
    {
        var bpo = o.Cqt.BinsPerOctave;
        var nc = o.NChroma;
        var merge = bpo / nc;
        var midi = 12 * Math.Log2(o.Cqt.Fmin / 440.0) + 69;
        var midi0 = midi - Math.Floor(midi / 12) * 12;
        var roll = (int)Math.Round((o.BaseC ? midi0 : midi0 - 9) * (nc / 12.0), MidpointRounding.ToEven);
        var map = new int[o.Cqt.BinCount];
        for (var f = 0; f < map.Length; f++)
        {
            var j = ((f % bpo) + merge / 2) % bpo;
            map[f] = (((j / merge) + roll) % nc + nc) % nc;
        }

        return map;
    }
}
