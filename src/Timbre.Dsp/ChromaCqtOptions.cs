namespace Timbre.Dsp;

/// <summary>
/// Constant-Q chromagram settings, librosa's <c>feature.chroma_cqt</c> defaults with tuning fixed (no estimation):
/// a CQT of 7 octaves × 36 bins per octave from C1, folded to 12 pitch classes starting at C, values below the
/// threshold 0 zeroed, then each frame divided by its maximum (norm = ∞).
/// </summary>
public sealed record ChromaCqtOptions
{
    /// <summary>The underlying CQT. Default: librosa's cqt defaults with 36 bins per octave and 252 bins (chroma_cqt's).</summary>
    public ConstantQOptions Cqt { get; init; } = new() { BinsPerOctave = 36, BinCount = 7 * 36 };

    /// <summary>Number of chroma bins (≥ 1, dividing the CQT's bins per octave). Default 12.</summary>
    public int NChroma { get; init; } = 12;

    /// <summary>Start the bins at C (true, default) instead of A.</summary>
    public bool BaseC { get; init; } = true;

    /// <summary>Chroma energies below this are set to 0 before normalising. Default 0.</summary>
    public double Threshold { get; init; }

    /// <summary>Per-frame norm: ∞ (default) divides by the maximum, 1 or 2 by those norms; null leaves frames raw.</summary>
    public double? Norm { get; init; } = double.PositiveInfinity;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Cqt, nameof(Cqt));
        Cqt.Validate();
        if (NChroma < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NChroma), NChroma, "n_chroma must be at least 1.");
        }

        if (Cqt.BinsPerOctave % NChroma != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(NChroma),
                NChroma,
                $"bins_per_octave ({Cqt.BinsPerOctave}) must be an integer multiple of n_chroma ({NChroma}).");
        }

        if (double.IsNaN(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "threshold must be a number.");
        }

        if (Norm is { } n && !(n >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Norm), n, "norm must be ≥ 1 (or ∞).");
        }
    }
}
