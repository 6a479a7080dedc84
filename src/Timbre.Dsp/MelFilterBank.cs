namespace Timbre.Dsp;

/// <summary>
/// Triangular mel filter bank over FFT bins, built exactly as librosa's <c>filters.mel</c> (and torchaudio's
/// <c>melscale_fbanks</c>): band edges equally spaced in mel between fmin and fmax, triangles evaluated at the bin
/// frequencies k·sr/n_fft, optional Slaney area normalisation. Stored sparsely (each row's non-zero span).
/// </summary>
public sealed class MelFilterBank
{
    private readonly double[][] _weights;
    private readonly float[][] _weights32;
    private readonly int[] _starts;

    /// <summary>Builds the bank for <paramref name="options"/> (validated).</summary>
    public MelFilterBank(MelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var nFft = options.Stft.NFft;
        var bins = options.Stft.BinCount;
        var nMels = options.NMels;
        BinCount = bins;
        MelCount = nMels;

        var melMin = MelConversions.HzToMel(options.FMin, options.Scale);
        var melMax = MelConversions.HzToMel(options.EffectiveFMax, options.Scale);
        var edges = new double[nMels + 2];
        for (var i = 0; i < edges.Length; i++)
        {
            var mel = melMin + (melMax - melMin) * i / (nMels + 1);
            edges[i] = MelConversions.MelToHz(mel, options.Scale);
        }

        _weights = new double[nMels][];
        _starts = new int[nMels];
        var row = new double[bins];
        for (var m = 0; m < nMels; m++)
        {
            double lo = edges[m], mid = edges[m + 1], hi = edges[m + 2];
            var enorm = options.Norm == MelNorm.Slaney ? 2.0 / (hi - lo) : 1.0;
            int first = -1, last = -1;
            for (var k = 0; k < bins; k++)
            {
                var f = (double)k * options.SampleRate / nFft;
                var lower = (f - lo) / (mid - lo);
                var upper = (hi - f) / (hi - mid);
                var w = Math.Max(0.0, Math.Min(lower, upper));
                row[k] = w * enorm;
                if (w > 0)
                {
                    if (first < 0)
                    {
                        first = k;
                    }

                    last = k;
                }
            }

            if (first < 0)
            {
                // Empty filter (too many bands for the FFT size): librosa warns; the band stays zero.
                _starts[m] = 0;
                _weights[m] = [];
            }
            else
            {
                _starts[m] = first;
                _weights[m] = row.AsSpan(first, last - first + 1).ToArray();
            }
        }

        _weights32 = Array.ConvertAll(_weights, w => Array.ConvertAll(w, v => (float)v));
    }

    /// <summary>Number of FFT bins each filter spans (n_fft/2 + 1).</summary>
    public int BinCount { get; }

    /// <summary>Number of mel bands.</summary>
    public int MelCount { get; }

    /// <summary>The dense weights, MelCount × BinCount (librosa's <c>filters.mel</c> output).</summary>
    public FeatureMatrix ToMatrix()
    {
        var matrix = new FeatureMatrix(MelCount, BinCount);
        for (var m = 0; m < MelCount; m++)
        {
            var row = matrix.Row(m);
            for (var j = 0; j < _weights[m].Length; j++)
            {
                row[_starts[m] + j] = (float)_weights[m][j];
            }
        }

        return matrix;
    }

    /// <summary>Applies the bank to one spectrum: output[m] = Σ_k W[m,k]·spectrum[k].</summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> output)
    {
        if (spectrum.Length != BinCount || output.Length < MelCount)
        {
            throw new ArgumentException($"Expected a spectrum of {BinCount} bins and room for {MelCount} bands.");
        }

        for (var m = 0; m < MelCount; m++)
        {
            var w = _weights[m];
            output[m] = w.Length == 0 ? 0.0 : System.Numerics.Tensors.TensorPrimitives.Dot(w, spectrum.Slice(_starts[m], w.Length));
        }
    }

    /// <summary>The same in float (weights rounded to float), as the STFT's per-frame path uses it.</summary>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> output)
    {
        if (spectrum.Length != BinCount || output.Length < MelCount)
        {
            throw new ArgumentException($"Expected a spectrum of {BinCount} bins and room for {MelCount} bands.");
        }

        for (var m = 0; m < MelCount; m++)
        {
            var w = _weights32[m];
            output[m] = w.Length == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Dot(w, spectrum.Slice(_starts[m], w.Length));
        }
    }
}
