namespace Timbre.Dsp.Rhythm;

/// <summary>
/// Settings of <see cref="OnsetStrength"/>, librosa's <c>onset.onset_strength</c> defaults: spectral flux of the
/// log-mel (dB) spectrogram with lag 1, no local-max filtering, mean over bands, centred (shifted by
/// n_fft / (2·hop) frames so that an onset's peak lines up with the frame whose centre is at the onset).
/// </summary>
public sealed record OnsetStrengthOptions
{
    /// <summary>Frames between the compared spectra, ≥ 1. Default 1.</summary>
    public int Lag { get; init; } = 1;

    /// <summary>Shift the envelope by n_fft / (2·hop) frames as librosa's <c>center=True</c> does. Default true.</summary>
    public bool Center { get; init; } = true;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (Lag < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Lag), Lag, "lag must be ≥ 1.");
        }
    }
}
