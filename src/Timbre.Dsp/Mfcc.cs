namespace Timbre.Dsp;

/// <summary>
/// Mel-frequency cepstral coefficients: the orthonormal DCT-II of the log-mel spectrogram (scipy
/// <c>dct(type=2, norm="ortho")</c>, torchaudio <c>create_dct(norm="ortho")</c>), optionally liftered.
/// The DCT matrix is built once per instance; thread-safe.
/// </summary>
public sealed class Mfcc
{
    private readonly MelSpectrogram _mel;
    private readonly double[] _dct; // NMfcc × NMels, lifter folded in

    /// <summary>Builds the mel stage and the DCT matrix; throws if the options are invalid.</summary>
    public Mfcc(MfccOptions? options = null)
    {
        Options = options ?? new MfccOptions();
        Options.Validate();
        _mel = new MelSpectrogram(Options.Mel);
        _dct = CreateDct(Options.NMfcc, Options.Mel.NMels, Options.Lifter);
    }

    /// <summary>The settings.</summary>
    public MfccOptions Options { get; }

    /// <summary>The orthonormal DCT-II matrix (NMfcc × NMels), without lifter.</summary>
    public static FeatureMatrix DctMatrix(int nMfcc, int nMels)
    {
        var d = CreateDct(nMfcc, nMels, 0);
        var m = new FeatureMatrix(nMfcc, nMels);
        for (var i = 0; i < d.Length; i++)
        {
            m.Data[i] = (float)d[i];
        }

        return m;
    }

    /// <summary>MFCC matrix, NMfcc × frames.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples) =>
        FromLogMel(_mel.ComputeDb(samples, Options.Decibels));

    /// <summary>The mel stage (shares its filter bank).</summary>
    public MelSpectrogram Mel => _mel;

    /// <summary>MFCC of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames).</summary>
    public FeatureMatrix FromPower(FeatureMatrix power) => FromLogMel(_mel.FromPowerDb(power, Options.Decibels));

    /// <summary>MFCC of an already computed (linear) mel spectrogram; converts it to dB in place first.</summary>
    public FeatureMatrix FromMel(FeatureMatrix mel)
    {
        ArgumentNullException.ThrowIfNull(mel);
        Decibels.PowerToDbInPlace(mel.Data, Options.Decibels);
        return FromLogMel(mel);
    }

    /// <summary>MFCC of an already computed log-mel (dB) spectrogram with NMels rows.</summary>
    public FeatureMatrix FromLogMel(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        var nMels = Options.Mel.NMels;
        if (logMel.Rows != nMels)
        {
            throw new ArgumentException($"Expected {nMels} mel rows, got {logMel.Rows}.", nameof(logMel));
        }

        var frames = logMel.Cols;
        var nMfcc = Options.NMfcc;
        var result = new FeatureMatrix(nMfcc, frames);
        var column = new double[nMels];
        var src = logMel.Data;
        for (var t = 0; t < frames; t++)
        {
            for (var m = 0; m < nMels; m++)
            {
                column[m] = src[m * frames + t];
            }

            for (var c = 0; c < nMfcc; c++)
            {
                var sum = System.Numerics.Tensors.TensorPrimitives.Dot(_dct.AsSpan(c * nMels, nMels), column);
                result.Data[c * frames + t] = (float)sum;
            }
        }

        return result;
    }

    private static double[] CreateDct(int nMfcc, int nMels, double lifter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nMfcc, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nMels, nMfcc);
        var d = new double[nMfcc * nMels];
        for (var k = 0; k < nMfcc; k++)
        {
            var scale = Math.Sqrt(2.0 / nMels) * (k == 0 ? 1.0 / Math.Sqrt(2.0) : 1.0);
            var lift = lifter > 0 ? 1.0 + lifter / 2.0 * Math.Sin(Math.PI * (k + 1) / lifter) : 1.0;
            for (var n = 0; n < nMels; n++)
            {
                d[k * nMels + n] = scale * lift * Math.Cos(Math.PI / nMels * (n + 0.5) * k);
            }
        }

        return d;
    }
}
