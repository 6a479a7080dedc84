using System.Globalization;
using System.Text;
using static Timbre.Evaluation.Reports.ComparisonTable;

namespace Timbre.Evaluation.Reports;

/// <summary>Renders an <see cref="EvaluationReport"/> as report.md.</summary>
public static class ReportMarkdown
{
    /// <summary>The whole report: settings, comparison, per-model details, paired tests and plots.</summary>
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# {report.Title}").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Created {report.CreatedUtc:yyyy-MM-dd HH:mm} UTC. Classes: {string.Join(", ", report.Labels)}.");
        foreach (var (key, value) in report.Settings)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {key}: {value}");
        }

        sb.AppendLine().AppendLine("## Overall").AppendLine();
        sb.Append(Summary(report.Models).Render()).AppendLine();
        if (report.Models.Any(m => m.Clip is not null))
        {
            sb.AppendLine("### F1 per genre").AppendLine();
            sb.Append(PerGenreF1(report.Labels, report.Models.Where(m => m.Clip is not null).ToArray()).Render()).AppendLine();
        }

        foreach (var model in report.Models)
        {
            RenderModel(sb, model, report.Labels);
        }

        if (report.Comparisons.Count > 0)
        {
            sb.AppendLine("## Paired comparisons").AppendLine();
            sb.Append(Comparisons(report.Comparisons).Render()).AppendLine();
        }

        if (report.Plots.Count > 0)
        {
            sb.AppendLine("## Plots").AppendLine();
            foreach (var plot in report.Plots)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(plot)}]({plot})").AppendLine();
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes report.md to <paramref name="path"/>, creating the directory if needed.</summary>
    public static void Write(EvaluationReport report, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, Render(report));
    }

    /// <summary>Per-class precision, recall, F1, AUC and support, then the macro/micro/weighted rows.</summary>
    public static MarkdownTable PerClass(IReadOnlyList<string> labels, SplitMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(metrics);
        var rows = new List<IReadOnlyList<string>>();
        for (var c = 0; c < metrics.PerClass.Count; c++)
        {
            var s = metrics.PerClass[c];
            var name = c < labels.Count ? labels[c] : c.ToString(CultureInfo.InvariantCulture);
            rows.Add([name, Number(s.Precision), Number(s.Recall), Number(s.F1), Number(metrics.PerClassAuc[c]), Count(s.Support)]);
        }

        rows.Add(["macro avg", Number(metrics.Macro.Precision), Number(metrics.Macro.Recall), Number(metrics.Macro.F1), Number(metrics.MacroAuc), Count(metrics.Samples)]);
        rows.Add(["micro avg", Number(metrics.Micro.Precision), Number(metrics.Micro.Recall), Number(metrics.Micro.F1), "", Count(metrics.Samples)]);
        rows.Add(["weighted avg", Number(metrics.Weighted.Precision), Number(metrics.Weighted.Recall), Number(metrics.Weighted.F1), "", Count(metrics.Samples)]);
        return new MarkdownTable(["Genre", "Precision", "Recall", "F1", "AUC", "Support"], rows);
    }

    /// <summary>The confusion matrix with true classes as rows and predictions as columns.</summary>
    public static MarkdownTable Confusion(IReadOnlyList<string> labels, int[][] counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        string Name(int i) => i < labels.Count ? labels[i] : i.ToString(CultureInfo.InvariantCulture);
        var rows = counts.Select((row, i) => (IReadOnlyList<string>)[Name(i), .. row.Select(Count)]).ToArray();
        return new MarkdownTable(["true \\ predicted", .. Enumerable.Range(0, counts.Length).Select(Name)], rows);
    }

    /// <summary>Fold-by-fold cross-validation table with the summary rows.</summary>
    public static MarkdownTable Folds(CrossValidationReport cv)
    {
        ArgumentNullException.ThrowIfNull(cv);
        var rows = cv.Folds.Select(f => (IReadOnlyList<string>)
            [(f.Fold + 1).ToString(CultureInfo.InvariantCulture), Number(f.Accuracy), Number(f.MacroF1), Number(f.MacroAuc)]).ToList();
        rows.Add(["mean ± std", $"{Number(cv.Accuracy.Mean)} ± {Number(cv.Accuracy.Std)}", $"{Number(cv.MacroF1.Mean)} ± {Number(cv.MacroF1.Std)}", $"{Number(cv.MacroAuc.Mean)} ± {Number(cv.MacroAuc.Std)}"]);
        var level = (cv.Accuracy.Confidence * 100).ToString("0.#", CultureInfo.InvariantCulture);
        rows.Add([$"{level} % CI", Interval(cv.Accuracy), Interval(cv.MacroF1), Interval(cv.MacroAuc)]);
        return new MarkdownTable(["Fold", "Accuracy", "Macro-F1", "AUC"], rows);
    }

    /// <summary>Paired tests: statistic, degrees of freedom, p-value and verdict at α = 0.05.</summary>
    public static MarkdownTable Comparisons(IReadOnlyList<PairedComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in comparisons)
        {
            if (c.TTest is { } t)
            {
                rows.Add([c.ModelA, c.ModelB, $"paired t ({c.Metric})", $"t = {Number(t.T)} (|t| crit {Number(t.CriticalValue)})",
                    Number(t.DegreesOfFreedom, "0.##"), PValue(t.PValue), Verdict(t.PValue, t.MeanDifference, c)]);
            }

            if (c.McNemar is { } m)
            {
                rows.Add([c.ModelA, c.ModelB, $"McNemar exact ({c.Metric})", $"b = {m.OnlyACorrect}, c = {m.OnlyBCorrect}",
                    "", PValue(m.ExactPValue), Verdict(m.ExactPValue, m.OnlyACorrect - m.OnlyBCorrect, c)]);
                rows.Add([c.ModelA, c.ModelB, $"McNemar χ² corrected ({c.Metric})", $"χ² = {Number(m.ChiSquare)}",
                    "1", PValue(m.ChiSquarePValue), Verdict(m.ChiSquarePValue, m.OnlyACorrect - m.OnlyBCorrect, c)]);
            }
        }

        return new MarkdownTable(
            ["A", "B", "Test", "Statistic", "df", "p", "Verdict (α = 0.05)"], rows, [false, false, false, false, true, true, false]);
    }

    private static void RenderModel(StringBuilder sb, ModelReport model, IReadOnlyList<string> labels)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {model.Name}").AppendLine();
        if (model.Clip is { } clip)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Clip level: accuracy {Number(clip.Accuracy)}, macro-F1 {Number(clip.Macro.F1)}, macro AUC {Number(clip.MacroAuc)} ({clip.Samples} clips).").AppendLine();
            sb.Append(PerClass(labels, clip).Render()).AppendLine();
            sb.AppendLine("Confusion matrix (rows: true genre, columns: predicted):").AppendLine();
            sb.Append(Confusion(labels, clip.ConfusionMatrix).Render()).AppendLine();
        }

        if (model.Track is { } track)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Track level (mean of clip probabilities): accuracy {Number(track.Accuracy)}, macro-F1 {Number(track.Macro.F1)}, macro AUC {Number(track.MacroAuc)} ({track.Samples} tracks).").AppendLine();
        }

        if (model.CrossValidation is { } cv)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{cv.Folds.Count}-fold cross-validation:").AppendLine();
            sb.Append(Folds(cv).Render()).AppendLine();
        }
    }

    private static string Verdict(double p, double direction, PairedComparison c) =>
        double.IsNaN(p) ? "undefined"
        : p >= 0.05 ? "no significant difference"
        : direction > 0 ? $"{c.ModelA} better" : $"{c.ModelB} better";

    private static string PValue(double p) =>
        double.IsNaN(p) ? "n/a" : p < 1e-4 ? p.ToString("0.0e+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Interval(Statistics.MetricSummary s) =>
        s.Count < 2 ? "n/a" : $"[{Number(s.CiLow)}, {Number(s.CiHigh)}]";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
