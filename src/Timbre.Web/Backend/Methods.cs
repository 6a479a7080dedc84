namespace Timbre.Web.Backend;

/// <summary>
/// How "similar tracks" of one track are found (issue 6: method 1, method 2, hybrid). The web API offers these
/// entries of <c>MethodRegistry</c> (Timbre.Recommendation); each name is a registry name or alias.
/// </summary>
public enum SimilarMethod
{
    /// <summary>Method 1: cosine similarity of embeddings.</summary>
    M1,

    /// <summary>Method 2: cosine similarity plus the predicted genres.</summary>
    M2,

    /// <summary>Content plus collaborative signals, content alone for cold start.</summary>
    Hybrid,
}

/// <summary>How a signed-in user's recommendations are made: entries of <c>MethodRegistry</c> by name or alias (cf = user-knn).</summary>
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
