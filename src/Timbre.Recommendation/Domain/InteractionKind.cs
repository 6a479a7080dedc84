namespace Timbre.Recommendation.Domain;

/// <summary>What a user did with a track.</summary>
public enum InteractionKind
{
    /// <summary>Explicit like; value ignored.</summary>
    Like,

    /// <summary>Explicit dislike; value ignored.</summary>
    Dislike,

    /// <summary>Explicit rating; value is 1–5.</summary>
    Rating,

    /// <summary>Listening; value is the play count (≥ 0).</summary>
    Play,
}
