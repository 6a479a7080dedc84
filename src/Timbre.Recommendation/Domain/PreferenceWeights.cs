using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.Recommendation.Domain;

/// <summary>
/// Turns a user's interactions with one track into one preference weight w (000's "degree of preference").
/// Per (user, track): the latest rating's weight + the latest like/dislike weight + PlayWeight·log1p(total plays).
/// Positive weights pull a profile towards the track, negative ones push it away.
/// </summary>
public sealed record PreferenceWeights
{
    /// <summary>Rating mapping; default <see cref="RatingScale.Centered"/> (r − 3).</summary>
    public RatingScale Rating { get; init; } = RatingScale.Centered;

    /// <summary>Weight of a like; default +1.</summary>
    public float Like { get; init; } = 1f;

    /// <summary>Weight of a dislike; default −1 (must be ≤ 0).</summary>
    public float Dislike { get; init; } = -1f;

    /// <summary>Multiplier of log1p(play count); default 0.5 (must be ≥ 0).</summary>
    public float Play { get; init; } = 0.5f;

    /// <summary>The defaults.</summary>
    public static PreferenceWeights Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public PreferenceWeights Validate()
    {
        if (!(Like > 0) || !(Dislike <= 0) || !(Play >= 0))
        {
            throw new InvalidOptionsException($"Preference weights need Like > 0, Dislike <= 0, Play >= 0 (got {Like}, {Dislike}, {Play}).");
        }

        return this;
    }

    /// <summary>Weight of a rating value 1–5.</summary>
    public float OfRating(float rating) => Rating == RatingScale.Centered ? rating - 3f : rating / 5f;

    /// <summary>Aggregates the interactions of one user with one track into its weight.</summary>
    public float Aggregate(IEnumerable<Interaction> interactionsOfOneTrack)
    {
        Interaction? lastRating = null;
        Interaction? lastOpinion = null;
        double plays = 0;
        foreach (var it in interactionsOfOneTrack)
        {
            switch (it.Kind)
            {
                case InteractionKind.Rating:
                    if (lastRating is null || it.Time >= lastRating.Time)
                    {
                        lastRating = it;
                    }

                    break;
                case InteractionKind.Play:
                    plays += Math.Max(0, it.Value);
                    break;
                default:
                    if (lastOpinion is null || it.Time >= lastOpinion.Time)
                    {
                        lastOpinion = it;
                    }

                    break;
            }
        }

        var w = 0f;
        if (lastRating is not null)
        {
            w += OfRating(lastRating.Value);
        }

        if (lastOpinion is not null)
        {
            w += lastOpinion.Kind == InteractionKind.Like ? Like : Dislike;
        }

        return w + (Play * (float)Math.Log(1 + plays));
    }
}
