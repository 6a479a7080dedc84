using Timbre.Core.Errors;

namespace Timbre.Recommendation.Collaborative;

/// <summary>Options of the nearest-neighbour CF recommenders.</summary>
public sealed record KnnOptions
{
    /// <summary>Neighbours K used per prediction; default 30.</summary>
    public int Neighbours { get; init; } = 30;

    /// <summary>User–user similarity (user-kNN only); default cosine.</summary>
    public NeighbourSimilarity Similarity { get; init; } = NeighbourSimilarity.Cosine;

    /// <summary>
    /// s ≥ 0 added to the normaliser: R = Σ sim·R / (Σ|sim| + s). 0 is exactly the seeds' k = 1/Σ|sim|; the
    /// default 1 keeps an item rated by one weak neighbour from tying with well-supported ones.
    /// </summary>
    public double Shrinkage { get; init; } = 1.0;

    /// <summary>The defaults.</summary>
    public static KnnOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public KnnOptions Validate()
    {
        if (Neighbours < 1 || !(Shrinkage >= 0))
        {
            throw new InvalidOptionsException($"Need Neighbours >= 1 and Shrinkage >= 0 (got {Neighbours}, {Shrinkage}).");
        }

        return this;
    }
}
