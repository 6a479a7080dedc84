namespace Timbre.Dsp;

/// <summary>
/// Chroma Energy Normalized Statistics settings, librosa's <c>feature.chroma_cens</c> defaults with tuning fixed:
/// the un-normalised constant-Q chroma, L1-normalised per frame, quantised at 0.4, 0.2, 0.1, 0.05 (weight ¼ each),
/// smoothed along time with a Hann window of 41 (symmetric Hann of 43 points, summing to 1, zero outside the
/// signal, output the same length), then L2-normalised per frame.
/// </summary>
public sealed record ChromaCensOptions
{
    /// <summary>The constant-Q chroma; its <see cref="ChromaCqtOptions.Norm"/> and threshold are ignored (CENS uses none).</summary>
    public ChromaCqtOptions Chroma { get; init; } = new();

    /// <summary>Smoothing window length in frames (≥ 1), or null for no smoothing. Default 41.</summary>
    public int? WinLenSmooth { get; init; } = 41;

    /// <summary>Final per-frame norm: 2 (default), 1 or ∞; null leaves frames unnormalised.</summary>
    public double? Norm { get; init; } = 2.0;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Chroma, nameof(Chroma));
        Chroma.Validate();
        if (WinLenSmooth is { } w && w < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WinLenSmooth), w, "win_len_smooth must be a positive integer (or null).");
        }

        if (Norm is { } n && !(n >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Norm), n, "norm must be ≥ 1 (or ∞).");
        }
    }
}
