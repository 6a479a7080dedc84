using Timbre.Evaluation.Reports;

namespace Timbre.Training.Experiments;

/// <summary>What <see cref="ModelComparison.Run"/> measured and wrote.</summary>
/// <param name="Report">The written report (report.md, report.json).</param>
/// <param name="Runs">One entry per model, test results and cross-validation.</param>
/// <param name="Comparisons">McNemar on the test tracks and paired tests over folds, against logistic regression.</param>
/// <param name="Best">The kind with the best track accuracy on the test split.</param>
public sealed record ModelComparisonResult(EvaluationReport Report, IReadOnlyList<ModelRun> Runs, IReadOnlyList<PairedComparison> Comparisons, string Best);
