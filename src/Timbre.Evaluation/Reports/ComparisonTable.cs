using System.Globalization;

namespace Timbre.Evaluation.Reports;

/// <summary>
/// Model comparison tables as in seed 003: one row per model with accuracy, macro-F1, AUC and the cross-validated
/// accuracy (mean ± std [95 % CI]); and per-genre F1 with one column per model and a final accuracy row.
/// </summary>
public static class ComparisonTable
{
    /// <summary>One row per model: accuracy, macro-F1, macro AUC (clip level), track accuracy, CV accuracy and CV macro-F1.</summary>
    public static MarkdownTable Summary(IReadOnlyList<ModelReport> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var rows = models.Select(m => (IReadOnlyList<string>)
        [
            m.Name,
            Number(m.Clip?.Accuracy),
            Number(m.Clip?.Macro.F1),
            Number(m.Clip?.MacroAuc),
            Number(m.Track?.Accuracy),
            m.CrossValidation is null ? "–" : m.CrossValidation.Accuracy.Format(),
            m.CrossValidation is null ? "–" : m.CrossValidation.MacroF1.Format(),
        ]).ToArray();
        return new MarkdownTable(
            ["Model", "Accuracy", "Macro-F1", "AUC", "Track accuracy", "CV accuracy (mean ± std [95 % CI])", "CV macro-F1"], rows);
    }

    /// <summary>Seed 003's layout: genres as rows, one F1 column per model, accuracy as the last row.</summary>
    public static MarkdownTable PerGenreF1(IReadOnlyList<string> labels, IReadOnlyList<ModelReport> models)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(models);
        var rows = new List<IReadOnlyList<string>>();
        for (var c = 0; c < labels.Count; c++)
        {
            var cls = c;
            rows.Add([labels[c], .. models.Select(m => Number(m.Clip is { } s && cls < s.PerClass.Count ? s.PerClass[cls].F1 : null, "0.00"))]);
        }

        rows.Add(["Accuracy", .. models.Select(m => Number(m.Clip?.Accuracy, "0.00"))]);
        return new MarkdownTable(["Genre", .. models.Select(m => m.Name)], rows);
    }

    internal static string Number(double? value, string format = "0.000") =>
        value is null ? "–" : double.IsNaN(value.Value) ? "n/a" : value.Value.ToString(format, CultureInfo.InvariantCulture);
}
