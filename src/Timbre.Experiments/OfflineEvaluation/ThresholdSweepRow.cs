namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>One θ of the multicategory sweep.</summary>
/// <param name="Threshold">θ.</param>
/// <param name="UserKind">"single", "multi" or "all".</param>
/// <param name="GenreAccuracy">000's genre accuracy.</param>
/// <param name="Precision">precision@n.</param>
/// <param name="Ndcg">nDCG@n.</param>
public sealed record ThresholdSweepRow(double Threshold, string UserKind, double GenreAccuracy, double Precision, double Ndcg);
