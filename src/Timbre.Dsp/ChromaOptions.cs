namespace Timbre.Dsp;

/// <summary>
/// Chromagram settings, librosa's <c>feature.chroma_stft</c> with tuning fixed (no estimation): 12 bins starting
/// at C, A = 440 Hz, Gaussian octave weighting centred at octave 5 with width 2, each frame divided by its
/// maximum (norm = ∞) over the power spectrogram.
/// </summary>
public sealed record ChromaOptions
{
    /// <summary>Sample rate in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>STFT settings (librosa defaults).</summary>
    public StftOptions Stft { get; init; } = new();

    /// <summary>Number of chroma bins per octave (≥ 1). Default 12.</summary>
    public int NChroma { get; init; } = 12;

    /// <summary>Tuning deviation from A440 in fractions of a chroma bin, in [−0.5, 0.5). Default 0.</summary>
    public double Tuning { get; init; }

    /// <summary>Centre octave of the Gaussian octave weighting. Default 5.0.</summary>
    public double CenterOctave { get; init; } = 5.0;

    /// <summary>Width in octaves of the weighting (&gt; 0); null disables it. Default 2.</summary>
    public double? OctaveWidth { get; init; } = 2.0;

    /// <summary>Start the bins at C (true, default) instead of A.</summary>
    public bool BaseC { get; init; } = true;

    /// <summary>Per-frame norm: ∞ (default) divides by the maximum, 1 or 2 by those norms; null leaves frames raw.</summary>
    public double? Norm { get; init; } = double.PositiveInfinity;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stft, nameof(Stft));
        Stft.Validate();
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }

        if (NChroma < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NChroma), NChroma, "n_chroma must be at least 1.");
        }

        if (!(Tuning >= -0.5 && Tuning < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Tuning), Tuning, "tuning must be in [−0.5, 0.5).");
        }

        if (OctaveWidth is { } w && !(w > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(OctaveWidth), w, "octave width must be positive.");
        }

        if (Norm is { } n && !(n >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Norm), n, "norm must be ≥ 1 (or ∞).");
        }
    }
}
