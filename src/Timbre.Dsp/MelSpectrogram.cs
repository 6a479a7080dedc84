namespace Timbre.Dsp;

/// <summary>
/// Mel spectrogram (librosa <c>feature.melspectrogram</c>) and log-mel spectrogram (followed by
/// <c>power_to_db</c>). The STFT tables and the filter bank are built once per instance; thread-safe.
/// </summary>
public sealed class MelSpectrogram
{
    private readonly Stft _stft;

    /// <summary>Builds the STFT and filter bank; throws if the options are invalid.</summary>
    public MelSpectrogram(MelOptions? options = null)
    {
        Options = options ?? new MelOptions();
        Options.Validate();
        _stft = new Stft(Options.Stft);
        FilterBank = new MelFilterBank(Options);
    }

    /// <summary>The settings.</summary>
    public MelOptions Options { get; }

    /// <summary>The filter bank in use.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Number of frames for a signal of <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount) => _stft.FrameCount(sampleCount);

    /// <summary>Mel spectrogram, NMels × frames (power units when Power = 2).</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples)
    {
        var result = new FeatureMatrix(Options.NMels, _stft.FrameCount(samples.Length));
        _stft.ForEachFrame(samples, (t, spectrum) => StoreFrame(t, spectrum, result));
        return result;
    }

    /// <summary>
    /// Mel spectrogram of an already computed power spectrogram |X|² (n_fft/2 + 1 rows × frames, same STFT
    /// settings), NMels × frames.
    /// </summary>
    public FeatureMatrix FromPower(FeatureMatrix power)
    {
        ArgumentNullException.ThrowIfNull(power);
        var result = new FeatureMatrix(Options.NMels, power.Cols);
        Stft.ForEachColumn(power, Options.Stft.BinCount, (t, spectrum) => StoreFrame(t, spectrum, result));
        return result;
    }

    /// <summary>Log-mel (dB) of an already computed power spectrogram, NMels × frames.</summary>
    public FeatureMatrix FromPowerDb(FeatureMatrix power, DecibelOptions? decibels = null)
    {
        var mel = FromPower(power);
        Decibels.PowerToDbInPlace(mel.Data, decibels);
        return mel;
    }

    /// <summary>Applies the bank to one frame's power spectrum and stores column <paramref name="t"/> of <paramref name="result"/>.</summary>
    internal void StoreFrame(int t, ReadOnlySpan<float> spectrum, FeatureMatrix result)
    {
        var nMels = Options.NMels;
        var frames = result.Cols;
        var data = result.Data;
        var power = Options.Power;
        Span<float> mel = stackalloc float[nMels <= 512 ? nMels : 0];
        var melBuffer = mel.Length == nMels ? mel : new float[nMels];
        if (power == 2.0)
        {
            FilterBank.Apply(spectrum, melBuffer);
        }
        else
        {
            var scaled = new float[spectrum.Length];
            for (var k = 0; k < scaled.Length; k++)
            {
                scaled[k] = (float)(power == 1.0 ? Math.Sqrt(spectrum[k]) : Math.Pow(spectrum[k], power / 2));
            }

            FilterBank.Apply(scaled, melBuffer);
        }

        for (var m = 0; m < nMels; m++)
        {
            data[m * frames + t] = melBuffer[m];
        }
    }

    /// <summary>Log-mel spectrogram in dB (librosa <c>power_to_db(melspectrogram(y))</c>), NMels × frames.</summary>
    public FeatureMatrix ComputeDb(ReadOnlySpan<float> samples, DecibelOptions? decibels = null)
    {
        var mel = Compute(samples);
        Decibels.PowerToDbInPlace(mel.Data, decibels);
        return mel;
    }
}
