namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>One user's metrics under one method (for paired tests).</summary>
/// <param name="Method">Recommender name.</param>
/// <param name="UserId">User.</param>
/// <param name="MultiCategory">True for multi-category users.</param>
/// <param name="Precision">precision@n.</param>
/// <param name="Recall">recall@n.</param>
/// <param name="Ndcg">nDCG@n.</param>
/// <param name="Hit">1 if any held-out like was recommended.</param>
/// <param name="GenreAccuracy">000's genre accuracy.</param>
/// <param name="Diversity">Intra-list diversity.</param>
/// <param name="Recommended">The recommended ids, in order.</param>
public sealed record UserScore(string Method, string UserId, bool MultiCategory, double Precision, double Recall, double Ndcg, double Hit, double GenreAccuracy, double Diversity, IReadOnlyList<long> Recommended);
