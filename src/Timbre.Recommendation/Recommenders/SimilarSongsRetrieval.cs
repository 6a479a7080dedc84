using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Hubness;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// Leave-one-out retrieval (<see cref="RetrievalEvaluation"/>) ranked by the product's own similar-songs scoring: the
/// vectors become a snapshot, each item in turn is the one seed of a <see cref="SimilarSongsRecommender"/> request and
/// the others are ranked by <see cref="SimilarSongsRecommender.ScoreForSelection"/>, so a figure with or without
/// mutual proximity is what <c>recommend</c>, <c>/similar</c> and the players get.
/// </summary>
public static class SimilarSongsRetrieval
{
    /// <summary>Scores <paramref name="vectors"/> against <paramref name="groups"/>; <paramref name="proximity"/> null = cosine.</summary>
    public static RetrievalResult Evaluate(
        IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, int k, IReadOnlyList<string>? exclude, MutualProximityOptions? proximity)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var scorer = Scorer(vectors, proximity);
        return RetrievalEvaluation.Evaluate(vectors.Count, scorer, groups, k, exclude);
    }

    /// <summary>
    /// Held-out retrieval over several spaces of the same items (<see cref="RetrievalEvaluation.EvaluateHeldOut(IReadOnlyList{ValueTuple{Func{RetrievalResult}, IReadOnlyList{int}}}, int)"/>),
    /// each ranked by the product's scoring.
    /// </summary>
    public static RetrievalResult EvaluateHeldOut(
        IReadOnlyList<(IReadOnlyList<float[]> Vectors, IReadOnlyList<int> Queries)> spaces, IReadOnlyList<string> groups, int k,
        IReadOnlyList<string>? exclude, MutualProximityOptions? proximity)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        return RetrievalEvaluation.EvaluateHeldOut([.. spaces.Select(s => (new Func<RetrievalResult>(() => Evaluate(s.Vectors, groups, k, exclude, proximity)), s.Queries))], k);
    }

    /// <summary>
    /// The scores item q's similar-songs request selects from, one per item (item i is track id i; the query's own
    /// score is NaN). The snapshot keeps its moments across queries, as a server does across requests.
    /// </summary>
    public static Func<int, IReadOnlyList<double>> Scorer(IReadOnlyList<float[]> vectors, MutualProximityOptions? proximity)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        const string version = "retrieval";
        var tracks = vectors.Select((v, i) => new TrackFeatures(i, "", "", "", $"{i}", 0, [], v) { FeatureVersion = version }).ToArray();
        var context = new RecommendationContext(version, [], tracks, []) { ProximityOptions = proximity };
        var recommender = new SimilarSongsRecommender(context);
        return q =>
        {
            var scores = recommender.ScoreForSelection(RecommendationRequest.ForSeeds([q], 10))
                ?? throw new RecommendationException($"Item {q} gave no scores.");
            var result = new double[scores.Length];
            for (var i = 0; i < scores.Length; i++)
            {
                result[context.Tracks[i].Id] = i == context.RowOf(q) ? double.NaN : scores[i];
            }

            return result;
        };
    }
}
