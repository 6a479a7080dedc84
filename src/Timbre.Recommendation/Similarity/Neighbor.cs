namespace Timbre.Recommendation.Similarity;

/// <summary>One search hit.</summary>
/// <param name="Row">Row of the hit in the index.</param>
/// <param name="Id">Track id of the hit.</param>
/// <param name="Score">Similarity (higher is closer), see <see cref="SimilarityMetric"/>.</param>
public readonly record struct Neighbor(int Row, long Id, float Score);
