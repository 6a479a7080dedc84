namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Nearest-neighbour search over track vectors. The exact <see cref="SimilarityIndex"/> and
/// <see cref="QuantizedExactIndex"/> implement it, and so does the approximate <see cref="AnnIndex"/> (HNSW
/// candidates, exact scores).
/// </summary>
public interface ISimilarityIndex
{
    /// <summary>Number of rows (tracks).</summary>
    int Count { get; }

    /// <summary>Vector length.</summary>
    int Dimension { get; }

    /// <summary>Metric used by <see cref="Search"/> and <see cref="ScoreAll"/>.</summary>
    SimilarityMetric Metric { get; }

    /// <summary>Track id of a row.</summary>
    long IdAt(int row);

    /// <summary>Row of a track id, or -1 when absent.</summary>
    int RowOf(long id);

    /// <summary>Stored vector of a row (L2-normalised when the options say so).</summary>
    ReadOnlySpan<float> VectorAt(int row);

    /// <summary>
    /// The <paramref name="k"/> most similar rows to <paramref name="query"/>, best first; ties broken by lower
    /// row. Ids in <paramref name="excludeIds"/> are never returned. Returns fewer than k when the index is smaller.
    /// </summary>
    IReadOnlyList<Neighbor> Search(ReadOnlySpan<float> query, int k, IReadOnlySet<long>? excludeIds = null);

    /// <summary>Writes the similarity of <paramref name="query"/> to every row into <paramref name="scores"/> (length <see cref="Count"/>).</summary>
    void ScoreAll(ReadOnlySpan<float> query, Span<float> scores);

    /// <summary>Similarity of two stored rows.</summary>
    float ScoreRows(int a, int b);
}
