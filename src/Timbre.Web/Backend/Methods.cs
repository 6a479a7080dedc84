namespace Timbre.Web.Backend;

/// <summary>How "similar tracks" of one track are found (issue 6: method 1, method 2, hybrid).</summary>
public enum SimilarMethod
{
    /// <summary>Method 1: cosine similarity of embeddings.</summary>
    M1,

    /// <summary>Method 2: cosine similarity plus the predicted genres.</summary>
    M2,

    /// <summary>Content plus collaborative signals, content alone for cold start.</summary>
    Hybrid,
}

/// <summary>How a signed-in user's recommendations are made.</summary>
public enum UserMethod
{
    /// <summary>Comprehensive genre profile ranked by the magnitude-aware cosine Z(A, P).</summary>
    Profile,

    /// <summary>Multicategory: one list per genre share above the threshold, in proportion to the share.</summary>
    Multi,

    /// <summary>Content plus collaborative filtering.</summary>
    Hybrid,

    /// <summary>Collaborative filtering alone.</summary>
    Cf,
}

/// <summary>A user action on a track.</summary>
public enum InteractionType
{
    /// <summary>The user likes the track (replaces an earlier dislike).</summary>
    Like,

    /// <summary>The user dislikes the track (replaces an earlier like).</summary>
    Dislike,

    /// <summary>The user played the track once.</summary>
    Play,
}
