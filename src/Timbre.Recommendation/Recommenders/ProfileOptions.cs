namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="ProfileRecommender"/> (000's comprehensive evaluation).</summary>
public sealed record ProfileOptions
{
    /// <summary>
    /// Rank by 000's magnitude-aware Z (default true); false ranks by plain cosine to the profile (for ablation).
    /// </summary>
    public bool MagnitudeAware { get; init; } = true;

    /// <summary>
    /// From this many tracks (with distinct genre rows) a profile is ranked from the rows of
    /// <see cref="Domain.GenreBlocks"/> whose bound can reach the best scores instead of scoring every row; the answer is
    /// the same (the scan runs when the blocks do not settle it). Default 50000; int.MaxValue always scans.
    /// </summary>
    public int BlockSearchMinRows { get; init; } = 50_000;

    /// <summary>The defaults.</summary>
    public static ProfileOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <see cref="BlockSearchMinRows"/> is below 1; returns this.</summary>
    public ProfileOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSearchMinRows, 1);
        return this;
    }
}
