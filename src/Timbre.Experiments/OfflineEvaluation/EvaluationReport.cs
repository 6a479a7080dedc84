namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>Result of <see cref="RecommenderEvaluator.Evaluate"/>: summary rows and per-user scores.</summary>
/// <param name="Summary">One row per method and user kind ("single", "multi", "all").</param>
/// <param name="PerUser">Every user × method score.</param>
public sealed record EvaluationReport(IReadOnlyList<MethodResult> Summary, IReadOnlyList<UserScore> PerUser)
{
    /// <summary>The row of a method and user kind, or null.</summary>
    public MethodResult? Row(string method, string kind) => Summary.FirstOrDefault(r => r.Method == method && r.UserKind == kind);
}
