namespace Timbre.Core.Catalog;

/// <summary>What a user did with a track. The meaning of <see cref="InteractionRecord.Value"/> depends on it.</summary>
public enum InteractionKind
{
    /// <summary>The user liked the track; value is 1.</summary>
    Like = 0,

    /// <summary>The user disliked the track; value is 1.</summary>
    Dislike = 1,

    /// <summary>An explicit rating; value is 1 to 5.</summary>
    Rating = 2,

    /// <summary>Plays; value is the number of plays (≥ 1) recorded by this event.</summary>
    Play = 3,
}
