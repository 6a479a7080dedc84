namespace Timbre.Dsp;

/// <summary>
/// Mel spectrogram settings. Defaults are librosa's <c>melspectrogram</c>: sr 22050, 128 bands, fmin 0,
/// fmax sr/2, Slaney scale and Slaney (area) normalisation, power 2, over <see cref="StftOptions"/> defaults.
/// </summary>
public sealed record MelOptions
{
    /// <summary>Sample rate of the input in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>STFT settings. Default librosa's (2048 / 512 / Hann / centred, zero padding).</summary>
    public StftOptions Stft { get; init; } = new();

    /// <summary>Number of mel bands (≥ 1). Default 128.</summary>
    public int NMels { get; init; } = 128;

    /// <summary>Lowest band edge in Hz (≥ 0). Default 0.</summary>
    public double FMin { get; init; }

    /// <summary>Highest band edge in Hz (≤ sr/2); null means sr/2.</summary>
    public double? FMax { get; init; }

    /// <summary>Mel scale formula. Default <see cref="MelScale.Slaney"/>.</summary>
    public MelScale Scale { get; init; } = MelScale.Slaney;

    /// <summary>Filter normalisation. Default <see cref="MelNorm.Slaney"/>.</summary>
    public MelNorm Norm { get; init; } = MelNorm.Slaney;

    /// <summary>Exponent applied to |X| before the filter bank: 1 magnitude, 2 power (default).</summary>
    public double Power { get; init; } = 2.0;

    /// <summary>Effective highest edge in Hz.</summary>
    public double EffectiveFMax => FMax ?? SampleRate / 2.0;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stft, nameof(Stft));
        Stft.Validate();
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }

        if (NMels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NMels), NMels, "n_mels must be at least 1.");
        }

        if (!(FMin >= 0) || double.IsInfinity(FMin))
        {
            throw new ArgumentOutOfRangeException(nameof(FMin), FMin, "fmin must be a finite number ≥ 0.");
        }

        var fmax = EffectiveFMax;
        if (!(fmax <= SampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(FMax), fmax, $"fmax must be ≤ sr/2 = {SampleRate / 2.0} Hz.");
        }

        if (!(FMin < fmax))
        {
            throw new ArgumentOutOfRangeException(nameof(FMin), FMin, $"fmin ({FMin} Hz) must be below fmax ({fmax} Hz).");
        }

        if (!(Power > 0) || double.IsInfinity(Power))
        {
            throw new ArgumentOutOfRangeException(nameof(Power), Power, "power must be a positive finite number.");
        }

        if (!Enum.IsDefined(Scale) || !Enum.IsDefined(Norm))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), "Unknown mel scale or norm.");
        }
    }
}
