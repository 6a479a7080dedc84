namespace Timbre.Recommendation.Collaborative;

/// <summary>User–user similarity of <see cref="UserKnnRecommender"/>.</summary>
public enum NeighbourSimilarity
{
    /// <summary>Cosine: co-rated dot product over the full vector norms (so the overlap size counts).</summary>
    Cosine,

    /// <summary>Pearson correlation over co-rated items only (0 when fewer than 2 or no variance).</summary>
    Pearson,
}
