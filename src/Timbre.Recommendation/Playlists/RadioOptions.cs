using Timbre.Core.Errors;

namespace Timbre.Recommendation.Playlists;

/// <summary>Options of <see cref="Radio"/>.</summary>
public sealed record RadioOptions
{
    /// <summary>
    /// Weight of the seed in the next target, in [0, 1]: target = s·seed + (1 − s)·last played; default 0.5.
    /// 1 stays around the seed, 0 follows the last track and drifts freely.
    /// </summary>
    public float SeedWeight { get; init; } = 0.5f;

    /// <summary>Never play two tracks of the same artist within this many tracks; default 3 (0 = off).</summary>
    public int ArtistSeparation { get; init; } = 3;

    /// <summary>The defaults.</summary>
    public static RadioOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public RadioOptions Validate()
    {
        if (!(SeedWeight >= 0 && SeedWeight <= 1) || ArtistSeparation < 0)
        {
            throw new InvalidOptionsException($"Radio needs SeedWeight in [0, 1] and ArtistSeparation >= 0 (got {SeedWeight}, {ArtistSeparation}).");
        }

        return this;
    }
}
