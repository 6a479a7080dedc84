namespace Timbre.Recommendation.Recommenders;

/// <summary>How similarities to several seeds combine into one score.</summary>
public enum SeedAggregation
{
    /// <summary>
    /// Weighted mean of the similarities to the seeds. For cosine this ranks exactly like the cosine to the mean
    /// of the normalised seed vectors (scores differ by the constant factor 1/|mean|); computed in one pass.
    /// </summary>
    Mean,

    /// <summary>Similarity to the nearest positive seed (favours tracks close to any one seed).</summary>
    Max,
}
