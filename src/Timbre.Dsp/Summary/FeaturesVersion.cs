namespace Timbre.Dsp.Summary;

/// <summary>
/// Version of the per-track summary vector (<see cref="TrackSummary"/>). Bump it whenever the layout or the
/// meaning of any dimension changes; vectors from different versions must never be compared.
/// </summary>
public static class FeaturesVersion
{
    /// <summary>Current version: 1 = 51 frame features × 7 statistics = 357 dimensions.</summary>
    public const int Current = 1;
}
