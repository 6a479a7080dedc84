namespace Timbre.Dsp;

/// <summary>
/// MFCC settings, librosa's <c>feature.mfcc</c>: DCT-II (orthonormal) of the log-mel spectrogram in dB,
/// 20 coefficients, no liftering.
/// </summary>
public sealed record MfccOptions
{
    /// <summary>Mel spectrogram settings (librosa defaults).</summary>
    public MelOptions Mel { get; init; } = new();

    /// <summary>dB conversion (ref 1, amin 1e-10, top_db 80).</summary>
    public DecibelOptions Decibels { get; init; } = new();

    /// <summary>Number of coefficients kept (1 … NMels). Default 20.</summary>
    public int NMfcc { get; init; } = 20;

    /// <summary>Sinusoidal liftering factor L ≥ 0: c[n] ·= 1 + (L/2)·sin(π(n+1)/L); 0 (default) disables it.</summary>
    public double Lifter { get; init; }

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mel, nameof(Mel));
        ArgumentNullException.ThrowIfNull(Decibels, nameof(Decibels));
        Mel.Validate();
        Decibels.Validate();
        if (NMfcc < 1 || NMfcc > Mel.NMels)
        {
            throw new ArgumentOutOfRangeException(nameof(NMfcc), NMfcc, $"n_mfcc must be in 1 … n_mels ({Mel.NMels}).");
        }

        if (!(Lifter >= 0) || double.IsInfinity(Lifter))
        {
            throw new ArgumentOutOfRangeException(nameof(Lifter), Lifter, "lifter must be a finite number ≥ 0.");
        }
    }
}
