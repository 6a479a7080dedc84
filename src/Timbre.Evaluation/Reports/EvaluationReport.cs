using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Statistics;

namespace Timbre.Evaluation.Reports;

/// <summary>
/// Everything one evaluation run produced: per model, the held-out metrics (clip and track level), the
/// cross-validation folds with their summary, and paired comparisons between models. Serialised to report.json by
/// <see cref="ReportJson"/> and rendered to report.md by <see cref="ReportMarkdown"/>.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>Report heading, e.g. "Genre classification on procedural-10x100".</summary>
    public required string Title { get; init; }

    /// <summary>When the report was made (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Class names, in class-index order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Free-form facts about the run (corpus, feature version, seed…), shown as a list.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>One entry per evaluated model.</summary>
    public required IReadOnlyList<ModelReport> Models { get; init; }

    /// <summary>Paired significance tests between models.</summary>
    public IReadOnlyList<PairedComparison> Comparisons { get; init; } = [];

    /// <summary>Plot files (paths relative to the report) to link from report.md.</summary>
    public IReadOnlyList<string> Plots { get; init; } = [];
}

/// <summary>Results of one model.</summary>
public sealed record ModelReport
{
    /// <summary>Model name as shown in tables, e.g. "crnn".</summary>
    public required string Name { get; init; }

    /// <summary>Clip-level metrics on the held-out set, if evaluated.</summary>
    public SplitMetrics? Clip { get; init; }

    /// <summary>Track-level metrics (mean of clip probabilities per track), if evaluated.</summary>
    public SplitMetrics? Track { get; init; }

    /// <summary>k-fold cross-validation results, if run.</summary>
    public CrossValidationReport? CrossValidation { get; init; }
}

/// <summary>Metrics of one model on one set of samples.</summary>
/// <param name="Samples">Number of samples scored.</param>
/// <param name="Accuracy">Fraction correct (argmax of the probabilities).</param>
/// <param name="Macro">Macro-averaged precision/recall/F1.</param>
/// <param name="Micro">Micro-averaged precision/recall/F1.</param>
/// <param name="Weighted">Support-weighted precision/recall/F1.</param>
/// <param name="PerClass">Per class precision/recall/F1/support.</param>
/// <param name="PerClassAuc">One-vs-rest ROC AUC per class (NaN when a class is absent).</param>
/// <param name="MacroAuc">Mean of the defined per-class AUCs.</param>
/// <param name="ConfusionMatrix">Counts, rows = true class, columns = predicted class.</param>
public sealed record SplitMetrics(
    int Samples,
    double Accuracy,
    ClassScores Macro,
    ClassScores Micro,
    ClassScores Weighted,
    IReadOnlyList<ClassScores> PerClass,
    IReadOnlyList<double> PerClassAuc,
    double MacroAuc,
    int[][] ConfusionMatrix)
{
    /// <summary>Scores probability rows (argmax decides the class) against true class indices.</summary>
    public static SplitMetrics Compute(IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(probabilities);
        Probabilities.Validate(probabilities, classCount);
        var predicted = Probabilities.ArgMax(probabilities);
        var matrix = Classification.ConfusionMatrix.Build(yTrue, predicted, classCount);
        var m = ClassificationMetrics.FromConfusion(matrix);
        var auc = Roc.OneVsRestAuc(yTrue, probabilities, classCount);
        var defined = auc.Where(a => !double.IsNaN(a)).ToArray();
        return new SplitMetrics(
            yTrue.Count, m.Accuracy, m.Macro, m.Micro, m.Weighted, m.PerClass, auc,
            defined.Length == 0 ? double.NaN : defined.Average(), matrix.ToRows());
    }

    /// <summary>Track-level metrics: clip probabilities averaged per track, then scored.</summary>
    public static SplitMetrics ComputeByTrack(
        IReadOnlyList<string> trackIds, IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        var tracks = TrackAggregation.MeanByTrack(trackIds, probabilities, yTrue);
        return Compute(tracks.Labels, tracks.Probabilities, classCount);
    }
}

/// <summary>Headline metrics of one cross-validation fold.</summary>
/// <param name="Fold">Fold index (0-based).</param>
/// <param name="Accuracy">Accuracy on the fold's held-out part.</param>
/// <param name="MacroF1">Macro F1 on the fold's held-out part.</param>
/// <param name="MacroAuc">Macro one-vs-rest AUC on the fold's held-out part.</param>
public sealed record FoldMetrics(int Fold, double Accuracy, double MacroF1, double MacroAuc)
{
    /// <summary>Makes the fold's entry from its split metrics.</summary>
    public static FoldMetrics From(int fold, SplitMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new FoldMetrics(fold, metrics.Accuracy, metrics.Macro.F1, metrics.MacroAuc);
    }
}

/// <summary>k-fold cross-validation: per-fold metrics and their mean ± std with a Student-t confidence interval.</summary>
/// <param name="Folds">Per-fold metrics.</param>
/// <param name="Accuracy">Summary of the fold accuracies.</param>
/// <param name="MacroF1">Summary of the fold macro-F1 values.</param>
/// <param name="MacroAuc">Summary of the fold macro AUCs.</param>
public sealed record CrossValidationReport(
    IReadOnlyList<FoldMetrics> Folds, MetricSummary Accuracy, MetricSummary MacroF1, MetricSummary MacroAuc)
{
    /// <summary>Summarises the folds at the given confidence level (default 95 %).</summary>
    public static CrossValidationReport From(IReadOnlyList<FoldMetrics> folds, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return new CrossValidationReport(
            folds,
            MetricSummary.Of(folds.Select(f => f.Accuracy).ToArray(), confidence),
            MetricSummary.Of(folds.Select(f => f.MacroF1).ToArray(), confidence),
            MetricSummary.Of(folds.Select(f => f.MacroAuc).ToArray(), confidence));
    }
}

/// <summary>A paired significance test between two models (either or both tests may be present).</summary>
/// <param name="ModelA">First model's name.</param>
/// <param name="ModelB">Second model's name.</param>
/// <param name="Metric">What was compared, e.g. "fold accuracy" or "test-set correctness".</param>
/// <param name="TTest">Paired t-test over folds (a − b), if run.</param>
/// <param name="McNemar">McNemar test on per-sample correctness, if run.</param>
public sealed record PairedComparison(string ModelA, string ModelB, string Metric, TTestResult? TTest, McNemarResult? McNemar)
{
    /// <summary>Paired t-test over the two models' fold accuracies (folds matched by position).</summary>
    public static PairedComparison OverFolds(string modelA, CrossValidationReport a, string modelB, CrossValidationReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var t = Statistics.TTest.Paired(a.Folds.Select(f => f.Accuracy).ToArray(), b.Folds.Select(f => f.Accuracy).ToArray());
        return new PairedComparison(modelA, modelB, "fold accuracy", t, null);
    }
}
