using System.Globalization;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Data.Splits;
using Timbre.Evaluation.Reports;
using Timbre.Inference.Features;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Experiments;

/// <summary>k-fold cross-validation of one model kind: folds by track, a ninth of each fold's training tracks for early stopping, track-level metrics per fold.</summary>
public static class CrossValidationRun
{
    /// <summary>Trains and tests <paramref name="kind"/> on each of <paramref name="folds"/> folds of <paramref name="items"/>.</summary>
    public static CrossValidationReport Run(
        IExperimentHost host, string kind, FeatureCache cache, Representation representation, IReadOnlyList<CorpusItem> items,
        int folds, int seed, PipelineOptions options, IReadOnlyDictionary<string, int>? tempi, CancellationToken ct)
    {
        var results = new List<FoldMetrics>();
        foreach (var fold in CorpusSplitter.Folds(items, new FoldOptions { K = folds, Seed = (ulong)seed }))
        {
            var split = SplitTracks.Of(cache, fold);
            var foldOptions = options with { Trainer = options.Trainer with { Seed = options.Trainer.Seed + fold.Index } };
            var (trained, test) = TrainingRun.Run(host, $"{kind} fold {fold.Index + 1}/{folds}", kind, cache, representation, split, foldOptions, tempi, ct);
            trained.Dispose();
            results.Add(FoldMetrics.From(fold.Index, test.Track));
        }

        var report = CrossValidationReport.From(results);
        host.Note(string.Create(CultureInfo.InvariantCulture,
            $"{kind} {folds}-fold CV (track level): accuracy {report.Accuracy.Format()}, macro-F1 {report.MacroF1.Format()}, AUC {report.MacroAuc.Format()}"));
        return report;
    }
}
