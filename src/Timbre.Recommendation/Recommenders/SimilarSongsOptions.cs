using Timbre.Core.Errors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="SimilarSongsRecommender"/> (001's method 1).</summary>
public sealed record SimilarSongsOptions
{
    /// <summary>Most seed songs a request may name; default 5 (as in 001).</summary>
    public int MaxSeeds { get; init; } = 5;

    /// <summary>How seed similarities combine; default <see cref="SeedAggregation.Mean"/>.</summary>
    public SeedAggregation Aggregation { get; init; } = SeedAggregation.Mean;

    /// <summary>
    /// Rocchio push γ ≥ 0: the weighted mean similarity to disliked tracks is subtracted times γ; default 0.5.
    /// Likes pull (positive weights), dislikes push.
    /// </summary>
    public float DislikePush { get; init; } = 0.5f;

    /// <summary>The defaults.</summary>
    public static SimilarSongsOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public SimilarSongsOptions Validate()
    {
        if (MaxSeeds < 1)
        {
            throw new InvalidOptionsException($"MaxSeeds must be >= 1, got {MaxSeeds}.");
        }

        if (!(DislikePush >= 0))
        {
            throw new InvalidOptionsException($"DislikePush must be >= 0, got {DislikePush}.");
        }

        return this;
    }
}
