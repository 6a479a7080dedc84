using Timbre.Core.Errors;

namespace Timbre.Recommendation.Domain;

/// <summary>What to recommend for: a user, seed songs (catalog ids or analysed outside files), or both.</summary>
public sealed record RecommendationRequest
{
    /// <summary>User whose history is used (and whose known tracks are filtered); null for anonymous seed queries.</summary>
    public string? UserId { get; init; }

    /// <summary>Seed songs from the catalog.</summary>
    public IReadOnlyList<long> SeedTrackIds { get; init; } = [];

    /// <summary>Seed songs analysed outside the catalog (e.g. an uploaded file); must match the snapshot's feature version.</summary>
    public IReadOnlyList<TrackFeatures> SeedTracks { get; init; } = [];

    /// <summary>Number of recommendations n; default 10.</summary>
    public int Count { get; init; } = 10;

    /// <summary>Post-filters and diversity.</summary>
    public RecommendationFilters Filters { get; init; } = RecommendationFilters.Default;

    /// <summary>True when the request names seed songs.</summary>
    public bool HasSeeds => SeedTrackIds.Count > 0 || SeedTracks.Count > 0;

    /// <summary>A request for seed songs.</summary>
    public static RecommendationRequest ForSeeds(IReadOnlyList<long> seeds, int count = 10) => new() { SeedTrackIds = seeds, Count = count };

    /// <summary>A request for a user's history.</summary>
    public static RecommendationRequest ForUser(string userId, int count = 10) => new() { UserId = userId, Count = count };

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public RecommendationRequest Validate()
    {
        if (Count < 0)
        {
            throw new InvalidOptionsException($"Count must be >= 0, got {Count}.");
        }

        Filters.Validate();
        return this;
    }
}
