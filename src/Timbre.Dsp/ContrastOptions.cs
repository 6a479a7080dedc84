namespace Timbre.Dsp;

/// <summary>
/// Spectral contrast settings, librosa's <c>feature.spectral_contrast</c>: octave bands starting at 200 Hz
/// (band 0 = [0, fmin], then 6 octaves, the last extended to Nyquist), peak/valley = mean of the top/bottom
/// 2 % of each band's magnitudes, contrast in dB.
/// </summary>
public sealed record ContrastOptions
{
    /// <summary>Sample rate in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>STFT settings (librosa defaults).</summary>
    public StftOptions Stft { get; init; } = new();

    /// <summary>Upper edge of the first band in Hz (&gt; 0). Default 200.</summary>
    public double FMin { get; init; } = 200.0;

    /// <summary>Number of octave bands (≥ 1); the result has NBands + 1 rows. Default 6.</summary>
    public int NBands { get; init; } = 6;

    /// <summary>Fraction of bins averaged for peak and valley, in (0, 1). Default 0.02.</summary>
    public double Quantile { get; init; } = 0.02;

    /// <summary>If true, contrast is peak − valley in magnitude units instead of dB. Default false.</summary>
    public bool Linear { get; init; }

    /// <summary>Throws if a setting is out of range (including bands above Nyquist).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stft, nameof(Stft));
        Stft.Validate();
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }

        if (!(FMin > 0) || double.IsInfinity(FMin))
        {
            throw new ArgumentOutOfRangeException(nameof(FMin), FMin, "fmin must be a positive finite number.");
        }

        if (NBands < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NBands), NBands, "n_bands must be at least 1.");
        }

        if (!(Quantile > 0 && Quantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Quantile), Quantile, "quantile must be in (0, 1).");
        }

        if (FMin * Math.Pow(2, NBands - 1) >= 0.5 * SampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(NBands), NBands, "Frequency band exceeds Nyquist. Reduce either fmin or n_bands.");
        }
    }
}
