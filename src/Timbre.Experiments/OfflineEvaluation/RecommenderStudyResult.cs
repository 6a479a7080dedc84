namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>One paired t-test of the study (method a − method b on one metric and user kind).</summary>
/// <param name="A">Method a.</param>
/// <param name="B">Method b.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="UserKind">"single", "multi" or "all".</param>
/// <param name="Result">The test.</param>
public sealed record ComparisonRow(string A, string B, string Metric, string UserKind, MethodComparisonResult Result);

/// <summary>Everything <see cref="RecommenderStudy.Run"/> measured.</summary>
/// <param name="SingleUsers">Single-category users simulated.</param>
/// <param name="MultiUsers">Multi-category users simulated.</param>
/// <param name="Skipped">Methods left out and why.</param>
/// <param name="Methods">Summary rows.</param>
/// <param name="Sweep">θ sweep rows (empty without genre information).</param>
/// <param name="ColdStart">Cold-start rows.</param>
/// <param name="Comparisons">Paired t-tests m2 − m1.</param>
public sealed record RecommenderStudyResult(
    int SingleUsers,
    int MultiUsers,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<MethodResult> Methods,
    IReadOnlyList<ThresholdSweepRow> Sweep,
    IReadOnlyList<ColdStartRow> ColdStart,
    IReadOnlyList<ComparisonRow> Comparisons);
