using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Evaluation;

/// <summary>
/// Cold-start curve: users are split into a community (every other user, full histories) and cold users whose
/// visible history is cut to k ratings (their first k, in random order); CF, content and hybrid are evaluated on the
/// cold users for each k. Held-out likes stay the relevant set at every k.
/// </summary>
public static class ColdStartCurve
{
    /// <summary>Default k values 0, 1, 2, 5, 10, 20, 50.</summary>
    public static IReadOnlyList<int> DefaultKnown { get; } = [0, 1, 2, 5, 10, 20, 50];

    /// <summary>Default methods: m1 and profile (content), als, item-knn and user-knn (CF), hybrid.</summary>
    public static IReadOnlyList<string> DefaultMethods { get; } = ["m1", "profile", "als", "item-knn", "user-knn", "hybrid"];

    /// <summary>Runs the curve on a snapshot (its own interactions are replaced by the users').</summary>
    public static IReadOnlyList<ColdStartRow> Run(RecommendationContext catalog, IReadOnlyList<SimulatedUser> users, IReadOnlyList<int>? known = null, IReadOnlyList<string>? methods = null, int n = 10)
    {
        var rows = new List<ColdStartRow>();
        var cold = users.Where((_, i) => i % 2 == 1).ToList();
        var community = users.Where((_, i) => i % 2 == 0).SelectMany(u => u.Known).ToList();
        foreach (var k in known ?? DefaultKnown)
        {
            var visible = cold.Select(u => u with { Known = u.Known.Take(k).ToList() }).ToList();
            var context = catalog.WithInteractions(community.Concat(visible.SelectMany(u => u.Known)).ToList());
            var recommenders = (methods ?? DefaultMethods).Select(m => StandardMethods.Create(m, context)).ToList();
            var report = RecommenderEvaluator.Evaluate(context, visible, recommenders, n);
            rows.AddRange(report.Summary.Where(r => r.UserKind == "all").Select(r => new ColdStartRow(k, r.Method, r.Precision, r.Ndcg, r.HitRate, r.GenreAccuracy)));
        }

        return rows;
    }
}
