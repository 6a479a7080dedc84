namespace Timbre.Recommendation.Projection;

/// <summary>
/// The map of a library: every embedding as a point in 2-D. The vectors are reduced by <see cref="Pca"/> to at most
/// <see cref="PcaComponents"/> dimensions (as t-SNE papers and scikit-learn's guide advise), then laid out by
/// <see cref="TSne"/>. Arrays in, arrays out: callers cache the result.
/// </summary>
public static class LibraryProjection
{
    /// <summary>Dimensions kept by the PCA step.</summary>
    public const int PcaComponents = 50;

    /// <summary>
    /// (x, y) per input vector, in input order. Fewer than 4 vectors get their first two PCA coordinates; progress is
    /// reported as a fraction (0–1). All vectors must have one length.
    /// </summary>
    public static double[][] Project(IReadOnlyList<float[]> vectors, TSneOptions? options = null, Action<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return [];
        }

        if (vectors.Count == 1)
        {
            return [[0, 0]];
        }

        var pca = Pca.Fit(vectors, PcaComponents);
        var reduced = vectors.Select(v => pca.Transform(v)).ToArray();
        if (vectors.Count < 4)
        {
            return [.. reduced.Select(r => new[] { r[0], r.Length > 1 ? r[1] : 0 })];
        }

        return TSne.Embed(reduced, options, progress, cancellationToken);
    }
}
