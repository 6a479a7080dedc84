namespace Timbre.Core.Catalog;

/// <summary>One user event on one track (like, dislike, rating or plays).</summary>
/// <param name="Id">Catalog id assigned by the store (0 before saving).</param>
/// <param name="UserId">The user.</param>
/// <param name="TrackId">The track.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Value">1 for like/dislike, 1–5 for a rating, the play count (≥ 1) for plays.</param>
/// <param name="At">When it happened (UTC).</param>
public sealed record InteractionRecord(long Id, long UserId, long TrackId, InteractionKind Kind, double Value, DateTimeOffset At)
{
    /// <summary>Throws <see cref="CatalogException"/> when <see cref="Value"/> is outside the range its kind allows.</summary>
    public void Validate()
    {
        var ok = Kind switch
        {
            InteractionKind.Like or InteractionKind.Dislike => Value == 1,
            InteractionKind.Rating => Value >= 1 && Value <= 5,
            InteractionKind.Play => Value >= 1 && double.IsFinite(Value),
            _ => false,
        };
        if (!ok)
        {
            throw new CatalogException($"Interaction value {Value} is not allowed for kind {Kind} (like/dislike: 1, rating: 1–5, play: ≥ 1).");
        }
    }
}
