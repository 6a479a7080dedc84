using System.Globalization;
using ScottPlot;
using Timbre.Evaluation.Classification;

namespace Timbre.Reporting;

/// <summary>Writes one-vs-rest ROC curves: one line per class with its AUC in the legend, plus the chance diagonal.</summary>
public static class RocPlot
{
    /// <summary>Renders <paramref name="curves"/> (one per class, named by <paramref name="labels"/>) to a PNG.</summary>
    public static void Write(string path, IReadOnlyList<RocCurve> curves, IReadOnlyList<string> labels, string title = "ROC curves (one vs rest)", PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(labels);
        if (curves.Count == 0 || curves.Count != labels.Count)
        {
            throw new ArgumentException("Give one label per ROC curve (at least one curve).", nameof(labels));
        }

        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance (AUC 0.5)";
        var palette = new ScottPlot.Palettes.Category10();
        for (var c = 0; c < curves.Count; c++)
        {
            var curve = curves[c];
            if (curve.FalsePositiveRates.Any(double.IsNaN) || curve.TruePositiveRates.Any(double.IsNaN))
            {
                continue; // class absent (or alone): no curve to draw
            }

            var line = plot.Add.Scatter(curve.FalsePositiveRates, curve.TruePositiveRates, palette.GetColor(c));
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"{labels[c]} (AUC {curve.Auc().ToString("0.000", CultureInfo.InvariantCulture)})";
        }

        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.Title(title);
        plot.XLabel("False positive rate");
        plot.YLabel("True positive rate");
        plot.ShowLegend(Alignment.LowerRight);
        PlotFile.Save(plot, path, options ?? new PlotOptions(800, 700));
    }
}
