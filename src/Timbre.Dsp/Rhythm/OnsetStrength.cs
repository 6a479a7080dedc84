namespace Timbre.Dsp.Rhythm;

/// <summary>Onset-strength envelope (librosa <c>onset.onset_strength</c>); stateless.</summary>
public static class OnsetStrength
{
    /// <summary>
    /// The onset strength of each frame of a log-mel spectrogram in dB (mels × frames, e.g. librosa
    /// <c>power_to_db(melspectrogram(y))</c>): mean over bands of max(0, S[m, t] − S[m, t − lag]), shifted right
    /// by lag (+ n_fft / (2·hop) when centred) with zeros in front, same length as the input. Unit: dB per frame, ≥ 0.
    /// </summary>
    /// <param name="logMel">Log-mel spectrogram in dB.</param>
    /// <param name="nFft">FFT size of the STFT behind it (for the centring shift).</param>
    /// <param name="hopLength">Hop of the STFT behind it.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public static float[] FromLogMel(FeatureMatrix logMel, int nFft, int hopLength, OnsetStrengthOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        options ??= new OnsetStrengthOptions();
        options.Validate();
        var frames = logMel.Cols;
        var bands = logMel.Rows;
        var lag = options.Lag;
        var shift = lag + (options.Center ? nFft / (2 * hopLength) : 0);
        var envelope = new float[frames];
        var data = logMel.Data;
        for (var t = 0; t + lag < frames; t++)
        {
            var target = t + shift;
            if (target >= frames)
            {
                break;
            }

            double sum = 0;
            for (var m = 0; m < bands; m++)
            {
                var row = m * frames;
                sum += Math.Max(0.0, (double)data[row + t + lag] - data[row + t]);
            }

            envelope[target] = bands == 0 ? 0f : (float)(sum / bands);
        }

        return envelope;
    }
}
