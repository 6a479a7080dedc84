namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="ProfileRecommender"/> (000's comprehensive evaluation).</summary>
public sealed record ProfileOptions
{
    /// <summary>
    /// Rank by 000's magnitude-aware Z (default true); false ranks by plain cosine to the profile (for ablation).
    /// </summary>
    public bool MagnitudeAware { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static ProfileOptions Default { get; } = new();

    /// <summary>Nothing to validate yet; returns this.</summary>
    public ProfileOptions Validate() => this;
}
