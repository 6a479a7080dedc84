using Timbre.Core.Catalog;

namespace Timbre.Recommendation.Domain;

/// <summary>One user–track event.</summary>
/// <param name="UserId">User name or id.</param>
/// <param name="TrackId">Catalog id of the track.</param>
/// <param name="Kind">Like, dislike, rating or plays.</param>
/// <param name="Value">Rating 1–5 for <see cref="InteractionKind.Rating"/>, play count for <see cref="InteractionKind.Play"/>, ignored otherwise.</param>
/// <param name="Time">When it happened.</param>
public sealed record Interaction(string UserId, long TrackId, InteractionKind Kind, float Value, DateTimeOffset Time)
{
    /// <summary>A like at time zero (convenience for tests and simulations).</summary>
    public static Interaction Like(string user, long track) => new(user, track, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch);

    /// <summary>A dislike at time zero.</summary>
    public static Interaction Dislike(string user, long track) => new(user, track, InteractionKind.Dislike, 1, DateTimeOffset.UnixEpoch);

    /// <summary>A 1–5 rating at time zero.</summary>
    public static Interaction Rate(string user, long track, float rating) => new(user, track, InteractionKind.Rating, rating, DateTimeOffset.UnixEpoch);
}
