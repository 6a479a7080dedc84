namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>One table row: a method's mean metrics over one kind of simulated user.</summary>
/// <param name="Method">Recommender name.</param>
/// <param name="UserKind">"single", "multi" or "all".</param>
/// <param name="Users">Users evaluated.</param>
/// <param name="N">List length n.</param>
/// <param name="Precision">Mean precision@n against the held-out likes.</param>
/// <param name="Recall">Mean recall@n.</param>
/// <param name="Ndcg">Mean nDCG@n.</param>
/// <param name="HitRate">Fraction of users with at least one held-out like in the list.</param>
/// <param name="GenreAccuracy">000's accuracy: mean fraction of recommended songs in the user's preferred genres.</param>
/// <param name="Coverage">Distinct recommended tracks / catalog size.</param>
/// <param name="Diversity">Mean intra-list diversity (1 − cosine of embeddings).</param>
/// <param name="Failures">Users for whom the method could not recommend (counted as empty lists).</param>
public sealed record MethodResult(string Method, string UserKind, int Users, int N, double Precision, double Recall, double Ndcg, double HitRate, double GenreAccuracy, double Coverage, double Diversity, int Failures);
