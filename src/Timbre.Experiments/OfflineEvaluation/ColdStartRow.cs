namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>One point of the cold-start curve.</summary>
/// <param name="KnownRatings">Ratings of each cold user visible to the methods.</param>
/// <param name="Method">Recommender name.</param>
/// <param name="Precision">precision@n.</param>
/// <param name="Ndcg">nDCG@n.</param>
/// <param name="HitRate">Hit rate.</param>
/// <param name="GenreAccuracy">000's genre accuracy.</param>
public sealed record ColdStartRow(int KnownRatings, string Method, double Precision, double Ndcg, double HitRate, double GenreAccuracy);
