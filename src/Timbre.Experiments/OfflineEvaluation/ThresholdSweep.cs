using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>Sweeps the multicategory threshold θ (000 found 0.15 best).</summary>
public static class ThresholdSweep
{
    /// <summary>Default grid 0.05, 0.10, …, 0.30.</summary>
    public static IReadOnlyList<double> DefaultThresholds { get; } = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30];

    /// <summary>Evaluates <see cref="MulticategoryRecommender"/> at each θ.</summary>
    public static IReadOnlyList<ThresholdSweepRow> Run(RecommendationContext context, IReadOnlyList<SimulatedUser> users, IReadOnlyList<double>? thresholds = null, int n = 10)
    {
        var rows = new List<ThresholdSweepRow>();
        foreach (var theta in thresholds ?? DefaultThresholds)
        {
            var method = new MulticategoryRecommender(context, new MulticategoryOptions { Threshold = theta });
            var report = RecommenderEvaluator.Evaluate(context, users, [method], n);
            rows.AddRange(report.Summary.Select(r => new ThresholdSweepRow(theta, r.UserKind, r.GenreAccuracy, r.Precision, r.Ndcg)));
        }

        return rows;
    }
}
