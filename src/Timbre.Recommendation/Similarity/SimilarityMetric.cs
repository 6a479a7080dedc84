namespace Timbre.Recommendation.Similarity;

/// <summary>How two vectors are compared. Scores are always "higher is more similar".</summary>
public enum SimilarityMetric
{
    /// <summary>Cosine similarity in [-1, 1] (dot product of L2-normalised vectors).</summary>
    Cosine,

    /// <summary>Negative Euclidean distance, in (-inf, 0]. Asked for in 001's critique.</summary>
    Euclidean,

    /// <summary>Negative Minkowski (p-norm) distance with <see cref="SimilarityIndexOptions.P"/>, in (-inf, 0].</summary>
    Minkowski,
}
