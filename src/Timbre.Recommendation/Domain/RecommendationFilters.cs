using Timbre.Core.Errors;

namespace Timbre.Recommendation.Domain;

/// <summary>
/// Post-filters every recommender applies (what users of bliss-rs / AudioMuse-AI ask for). Seed songs are never
/// returned, whatever these say.
/// </summary>
public sealed record RecommendationFilters
{
    /// <summary>Skip tracks the user already rated, liked, disliked or played; default true.</summary>
    public bool ExcludeKnown { get; init; } = true;

    /// <summary>Track ids never to return; default none.</summary>
    public IReadOnlySet<long> ExcludeIds { get; init; } = new HashSet<long>();

    /// <summary>When non-empty, only tracks whose predicted top genre is one of these labels; default empty.</summary>
    public IReadOnlySet<string> IncludeGenres { get; init; } = new HashSet<string>();

    /// <summary>Tracks whose predicted top genre is one of these labels are dropped; default empty.</summary>
    public IReadOnlySet<string> ExcludeGenres { get; init; } = new HashSet<string>();

    /// <summary>At most this many tracks per artist (case-insensitive); 0 = no cap (default).</summary>
    public int MaxPerArtist { get; init; }

    /// <summary>
    /// Drop near-duplicates of a seed or of an already chosen track: same normalised title + artist, or cosine
    /// distance below <see cref="DuplicateDistance"/>; default true.
    /// </summary>
    public bool DropNearDuplicates { get; init; } = true;

    /// <summary>Cosine distance (1 − cos) under which two tracks count as duplicates; default 1e-4.</summary>
    public float DuplicateDistance { get; init; } = 1e-4f;

    /// <summary>
    /// MMR trade-off λ in [0, 1]: each pick maximises λ·relevance − (1 − λ)·max similarity to earlier picks
    /// (relevance min–max scaled over the pool). 1 = plain ranking (default), lower = more varied lists.
    /// </summary>
    public double DiversityLambda { get; init; } = 1.0;

    /// <summary>The defaults.</summary>
    public static RecommendationFilters Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public RecommendationFilters Validate()
    {
        if (MaxPerArtist < 0)
        {
            throw new InvalidOptionsException($"max per artist must be >= 0 (0 = no cap), got {MaxPerArtist}.");
        }

        if (!(DiversityLambda >= 0 && DiversityLambda <= 1))
        {
            throw new InvalidOptionsException($"diversity must be in [0, 1] (1 = plain ranking, lower = more varied), got {DiversityLambda}.");
        }

        if (!(DuplicateDistance >= 0))
        {
            throw new InvalidOptionsException($"duplicate distance must be >= 0, got {DuplicateDistance}.");
        }

        return this;
    }
}
