namespace Timbre.Dsp;

/// <summary>
/// Settings of <see cref="Deltas"/>, librosa's <c>feature.delta</c> defaults: first-order local least-squares slope
/// over <see cref="Width"/> frames (Savitzky–Golay, polynomial order 1, <c>mode="interp"</c>), so interior frames get
/// Σₙ n·(c[t+n] − c[t−n]) / (2 Σₙ n²), n = 1 … Width/2, and the first and last Width/2 frames get the slope of the
/// least-squares line through the first (last) Width frames.
/// </summary>
public sealed record DeltaOptions
{
    /// <summary>Number of frames in the regression window, odd and ≥ 3. Default 9.</summary>
    public int Width { get; init; } = 9;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (Width < 3 || Width % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, "width must be an odd integer ≥ 3.");
        }
    }
}
