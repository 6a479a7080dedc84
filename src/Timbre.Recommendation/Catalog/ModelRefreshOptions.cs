using Timbre.Core.Errors;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// When the collaborative models of a live snapshot (user-kNN, item-kNN, ALS, hybrid, popular: methods marked
/// <see cref="Recommenders.MethodEntry.Collaborative"/>) are rebuilt. They are never rebuilt on a request: a request
/// gets the last model built and, when it is stale, starts one rebuild in the background over the newest snapshot.
/// </summary>
public sealed record ModelRefreshOptions
{
    /// <summary>A model is stale once this many interactions were added since its build (default 50).</summary>
    public int AfterInteractions { get; init; } = 50;

    /// <summary>…or once it is this old and at least one interaction was added since (default 30 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The defaults.</summary>
    public static ModelRefreshOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public ModelRefreshOptions Validate()
    {
        if (AfterInteractions < 1)
        {
            throw new InvalidOptionsException($"AfterInteractions must be >= 1, got {AfterInteractions}.");
        }

        if (Interval <= TimeSpan.Zero)
        {
            throw new InvalidOptionsException($"Interval must be positive, got {Interval}.");
        }

        return this;
    }
}
