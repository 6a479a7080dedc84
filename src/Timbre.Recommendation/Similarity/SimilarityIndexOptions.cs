using Timbre.Core.Errors;

namespace Timbre.Recommendation.Similarity;

/// <summary>Options of <see cref="SimilarityIndex"/>. Validated by <see cref="Validate"/> when the index is built.</summary>
public sealed record SimilarityIndexOptions
{
    /// <summary>Comparison; default <see cref="SimilarityMetric.Cosine"/>.</summary>
    public SimilarityMetric Metric { get; init; } = SimilarityMetric.Cosine;

    /// <summary>Exponent of the Minkowski distance, ≥ 1; default 3. Ignored by the other metrics.</summary>
    public double P { get; init; } = 3;

    /// <summary>
    /// L2-normalise stored vectors and queries; default true. Must be true for cosine. With false, Euclidean and
    /// Minkowski see raw magnitudes (so loud/energetic vectors differ from quiet ones).
    /// </summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Row count from which a search runs in parallel over rows; default 32 768.</summary>
    public int ParallelThreshold { get; init; } = 32_768;

    /// <summary>Maximum worker threads of a parallel search; default -1 (all processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// When and how the product switches nearest-neighbour searches to an <see cref="AnnIndex"/> (from 50 000 rows by
    /// default); the exact index itself ignores it.
    /// </summary>
    public AnnIndexOptions Approximate { get; init; } = AnnIndexOptions.Default;

    /// <summary>The default options (exact cosine).</summary>
    public static SimilarityIndexOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public SimilarityIndexOptions Validate()
    {
        if (Metric == SimilarityMetric.Cosine && !Normalize)
        {
            throw new InvalidOptionsException("Cosine similarity needs Normalize = true.");
        }

        if (Metric == SimilarityMetric.Minkowski && (!(P >= 1) || double.IsInfinity(P)))
        {
            throw new InvalidOptionsException($"Minkowski exponent P must be a finite number >= 1, got {P}.");
        }

        if (ParallelThreshold < 1)
        {
            throw new InvalidOptionsException($"ParallelThreshold must be >= 1, got {ParallelThreshold}.");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new InvalidOptionsException($"MaxDegreeOfParallelism must be -1 or >= 1, got {MaxDegreeOfParallelism}.");
        }

        Approximate.Validate();
        return this;
    }
}
