namespace Timbre.Dsp;

/// <summary>
/// Chroma Energy Normalized Statistics (librosa <c>feature.chroma_cens</c>, Müller et al.): constant-Q chroma,
/// L1-normalised, quantised to {0, ¼, ½, ¾, 1}, Hann-smoothed along time and normalised per frame. Thread-safe.
/// </summary>
public sealed class ChromaCens
{
    private static readonly double[] QuantSteps = [0.4, 0.2, 0.1, 0.05];
    private readonly ChromaCqt _chroma;
    private readonly double[] _smooth;

    /// <summary>Builds the CQT bases and smoothing window; throws if the options are invalid.</summary>
    public ChromaCens(ChromaCensOptions? options = null)
    {
        Options = options ?? new ChromaCensOptions();
        Options.Validate();
        _chroma = new ChromaCqt(Options.Chroma with { Norm = null, Threshold = 0 });
        _smooth = Options.WinLenSmooth is { } w ? SmoothingWindow(w) : [1.0];
    }

    /// <summary>The settings.</summary>
    public ChromaCensOptions Options { get; }

    /// <summary>CENS chromagram, NChroma × frames.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples) => FromChroma(_chroma.RawChroma(samples));

    /// <summary>CENS of an already computed, un-normalised constant-Q chroma (NChroma rows × frames).</summary>
    public FeatureMatrix FromRawChroma(FeatureMatrix chroma)
    {
        ArgumentNullException.ThrowIfNull(chroma);
        if (chroma.Rows != Options.Chroma.NChroma)
        {
            throw new ArgumentException($"Expected {Options.Chroma.NChroma} chroma rows, got {chroma.Rows}.", nameof(chroma));
        }

        return FromChroma(chroma);
    }

    /// <summary>Symmetric Hann of <paramref name="length"/> + 2 points divided by its sum (librosa's smoothing window).</summary>
    internal static double[] SmoothingWindow(int length)
    {
        var n = length + 2;
        var w = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
            sum += w[i];
        }

        for (var i = 0; i < n; i++)
        {
            w[i] /= sum;
        }

        return w;
    }

    private FeatureMatrix FromChroma(FeatureMatrix chroma)
    {
        var nc = chroma.Rows;
        var frames = chroma.Cols;
        var quant = new double[nc * frames];
        var column = new double[nc];
        for (var t = 0; t < frames; t++)
        {
            for (var c = 0; c < nc; c++)
            {
                column[c] = chroma.Data[c * frames + t];
            }

            Chroma.Normalize(column, 1);
            for (var c = 0; c < nc; c++)
            {
                var v = column[c];
                var q = 0.0;
                foreach (var step in QuantSteps)
                {
                    q += v > step ? 0.25 : 0.0;
                }

                quant[c * frames + t] = q;
            }
        }

        // Convolve each row with the window, 'same' size, zeros outside (scipy.ndimage.convolve, mode="constant").
        var smooth = _smooth;
        var centre = smooth.Length / 2;
        var cens = new double[nc * frames];
        for (var c = 0; c < nc; c++)
        {
            var row = quant.AsSpan(c * frames, frames);
            for (var t = 0; t < frames; t++)
            {
                var sum = 0.0;
                for (var i = 0; i < smooth.Length; i++)
                {
                    var s = t + centre - i;
                    if ((uint)s < (uint)frames)
                    {
                        sum += smooth[i] * row[s];
                    }
                }

                cens[c * frames + t] = sum;
            }
        }

        var result = new FeatureMatrix(nc, frames);
        for (var t = 0; t < frames; t++)
        {
            for (var c = 0; c < nc; c++)
            {
                column[c] = cens[c * frames + t];
            }

            Chroma.Normalize(column, Options.Norm);
            for (var c = 0; c < nc; c++)
            {
                result.Data[c * frames + t] = (float)column[c];
            }
        }

        return result;
    }
}
