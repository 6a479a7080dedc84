using Timbre.Evaluation.Ranking;
using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;

namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>
/// Offline evaluation: asks every method for n tracks per simulated user (by user id; known tracks excluded)
/// and scores the lists against the held-out likes and the preferred genres. A method that throws
/// <see cref="RecommendationException"/> for a user counts as an empty list (and a failure).
/// </summary>
public static class RecommenderEvaluator
{
    /// <summary>Evaluates <paramref name="methods"/> (built on a context that holds the users' known interactions).</summary>
    public static EvaluationReport Evaluate(RecommendationContext context, IReadOnlyList<SimulatedUser> users, IReadOnlyList<IRecommender> methods, int n = 10)
    {
        var perUser = new List<UserScore>();
        var summary = new List<MethodResult>();
        foreach (var method in methods)
        {
            var scores = new List<UserScore>();
            var failures = new HashSet<string>();
            foreach (var user in users)
            {
                IReadOnlyList<long> ids;
                try
                {
                    ids = method.Recommend(RecommendationRequest.ForUser(user.Id, n)).Select(r => r.TrackId).ToList();
                }
                catch (RecommendationException)
                {
                    ids = [];
                    failures.Add(user.Id);
                }

                scores.Add(Score(context, method.Name, user, ids, n));
            }

            perUser.AddRange(scores);
            foreach (var kind in new[] { "single", "multi", "all" })
            {
                var subset = scores.Where(s => kind == "all" || s.MultiCategory == (kind == "multi")).ToList();
                if (subset.Count > 0)
                {
                    summary.Add(Summarise(context, method.Name, kind, subset, n, subset.Count(s => failures.Contains(s.UserId))));
                }
            }
        }

        return new EvaluationReport(summary, perUser);
    }

    /// <summary>Scores one list.</summary>
    public static UserScore Score(RecommendationContext context, string method, SimulatedUser user, IReadOnlyList<long> ids, int n)
    {
        var rows = ids.Select(context.RowOf).ToArray();
        var genres = rows.Select(r => UserSimulator.LabelOf(context.Tracks[r], context.GenreLabels)).ToList();
        var diversity = RankingMetrics.IntraListDiversity(rows.Length, (i, j) => VectorMath.Cosine(context.Index.VectorAt(rows[i]), context.Index.VectorAt(rows[j])));
        return new UserScore(
            method,
            user.Id,
            user.IsMultiCategory,
            RankingMetrics.PrecisionAt(ids, user.HeldOut, n),
            RankingMetrics.RecallAt(ids, user.HeldOut, n),
            RankingMetrics.NdcgAt(ids, user.HeldOut, n),
            RankingMetrics.HitAt(ids, user.HeldOut, n),
            RankingMetrics.PrecisionAt(genres, user.PreferredGenres, n), // 000's genre accuracy: precision@n over genre labels
            diversity,
            ids);
    }

    private static MethodResult Summarise(RecommendationContext context, string method, string kind, List<UserScore> s, int n, int failures)
        => new(
            method,
            kind,
            s.Count,
            n,
            s.Average(x => x.Precision),
            s.Average(x => x.Recall),
            s.Average(x => x.Ndcg),
            s.Average(x => x.Hit),
            s.Average(x => x.GenreAccuracy),
            RankingMetrics.Coverage(s.Select(x => x.Recommended), context.Tracks.Count),
            s.Average(x => x.Diversity),
            failures);
}
