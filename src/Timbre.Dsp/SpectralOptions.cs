namespace Timbre.Dsp;

/// <summary>
/// Settings of the spectral shape statistics (librosa <c>spectral_centroid</c>, <c>spectral_bandwidth</c>,
/// <c>spectral_rolloff</c>, <c>spectral_flatness</c>), all computed on the magnitude STFT.
/// </summary>
public sealed record SpectralOptions
{
    /// <summary>Sample rate in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>STFT settings (librosa defaults).</summary>
    public StftOptions Stft { get; init; } = new();

    /// <summary>Roll-off energy fraction in (0, 1). Default 0.85.</summary>
    public double RolloffPercent { get; init; } = 0.85;

    /// <summary>Bandwidth order p &gt; 0. Default 2.</summary>
    public double BandwidthP { get; init; } = 2.0;

    /// <summary>Flatness floor on |X|^FlatnessPower (&gt; 0). Default 1e-10.</summary>
    public double FlatnessAmin { get; init; } = 1e-10;

    /// <summary>Exponent applied to |X| for flatness (&gt; 0). Default 2 (power).</summary>
    public double FlatnessPower { get; init; } = 2.0;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stft, nameof(Stft));
        Stft.Validate();
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }

        if (!(RolloffPercent > 0 && RolloffPercent < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RolloffPercent), RolloffPercent, "roll_percent must be in (0, 1).");
        }

        if (!(BandwidthP > 0) || double.IsInfinity(BandwidthP))
        {
            throw new ArgumentOutOfRangeException(nameof(BandwidthP), BandwidthP, "p must be a positive finite number.");
        }

        if (!(FlatnessAmin > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(FlatnessAmin), FlatnessAmin, "amin must be strictly positive.");
        }

        if (!(FlatnessPower > 0) || double.IsInfinity(FlatnessPower))
        {
            throw new ArgumentOutOfRangeException(nameof(FlatnessPower), FlatnessPower, "power must be a positive finite number.");
        }
    }
}

/// <summary>Per-frame spectral statistics, each of length = frame count.</summary>
/// <param name="Centroid">Spectral centroid in Hz (0 for silent frames).</param>
/// <param name="Bandwidth">p-th order spectral bandwidth around the centroid in Hz.</param>
/// <param name="Rolloff">Lowest bin frequency below which RolloffPercent of the magnitude lies, in Hz.</param>
/// <param name="Flatness">Geometric over arithmetic mean of the power spectrum, in (0, 1].</param>
public sealed record SpectralStatistics(float[] Centroid, float[] Bandwidth, float[] Rolloff, float[] Flatness);
