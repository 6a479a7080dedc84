using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Reports;
using Timbre.Reporting;
using Timbre.Training.Experiments;
using PlotHistory = Timbre.Reporting.TrainingHistory;

namespace Timbre.Cli.Training;

/// <summary>Writes report.md, report.json and the PNGs (training curves, confusion matrix, ROC) into a folder.</summary>
internal static class ReportFiles
{
    /// <summary>Prints the report.json written into <paramref name="directory"/> on stdout (the --json output of train, evaluate, cv, compare).</summary>
    public static void PrintJson(string directory) => System.Console.Out.WriteLine(File.ReadAllText(Path.Combine(directory, "report.json")).Trim());

    public static EvaluationReport Write(
        string directory, string title, IReadOnlyList<string> labels, IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<ModelRun> entries, IReadOnlyList<PairedComparison>? comparisons = null, bool prefixNames = false)
    {
        Directory.CreateDirectory(directory);
        var plots = new List<string>();
        bool single = entries.Count == 1 && !prefixNames;
        foreach (var entry in entries)
        {
            string prefix = single ? "" : entry.Name + "-";
            if (entry.History is { Epochs: > 0 } h)
            {
                string file = prefix + "training-curves.png";
                var validationLoss = h.ValidationLoss.Count == h.TrainLoss.Count ? h.ValidationLoss : [];
                var validationAccuracy = h.ValidationAccuracy.Count == h.TrainAccuracy.Count ? h.ValidationAccuracy : [];
                TrainingCurvesPlot.Write(Path.Combine(directory, file), new PlotHistory(h.TrainLoss, validationLoss, h.TrainAccuracy, validationAccuracy), $"{entry.Name}");
                plots.Add(file);
            }

            if (entry.Result is { } r)
            {
                string confusion = prefix + "confusion-matrix.png";
                ConfusionMatrixPlot.Write(Path.Combine(directory, confusion), r.Track.ConfusionMatrix, labels, $"{entry.Name}: confusion matrix (tracks)");
                plots.Add(confusion);
                string roc = prefix + "roc.png";
                var curves = Roc.OneVsRest(r.Tracks.Labels, r.Tracks.Probabilities, labels.Count);
                RocPlot.Write(Path.Combine(directory, roc), curves, labels, $"{entry.Name}: ROC (tracks, one vs rest)");
                plots.Add(roc);
            }
        }

        var report = new EvaluationReport
        {
            Title = title,
            Labels = labels,
            Settings = settings,
            Models = entries.Select(e => new ModelReport { Name = e.Name, Clip = e.Result?.Clip, Track = e.Result?.Track, CrossValidation = e.CrossValidation }).ToArray(),
            Comparisons = comparisons ?? [],
            Plots = plots,
        };
        ReportMarkdown.Write(report, Path.Combine(directory, "report.md"));
        ReportJson.Write(report, Path.Combine(directory, "report.json"));
        return report;
    }
}
