using ScottPlot;

namespace Timbre.Reporting;

/// <summary>Per-epoch training history: loss and accuracy on the training and validation sets.</summary>
/// <param name="TrainLoss">Mean training loss per epoch.</param>
/// <param name="ValidationLoss">Validation loss per epoch (empty when no validation set).</param>
/// <param name="TrainAccuracy">Training accuracy per epoch (0…1).</param>
/// <param name="ValidationAccuracy">Validation accuracy per epoch (0…1; empty when no validation set).</param>
public sealed record TrainingHistory(
    IReadOnlyList<double> TrainLoss,
    IReadOnlyList<double> ValidationLoss,
    IReadOnlyList<double> TrainAccuracy,
    IReadOnlyList<double> ValidationAccuracy);

/// <summary>Writes training curves: loss (left panel) and accuracy (right panel) per epoch, train vs validation.</summary>
public static class TrainingCurvesPlot
{
    /// <summary>Renders <paramref name="history"/> to a PNG at <paramref name="path"/>.</summary>
    public static void Write(string path, TrainingHistory history, string title = "Training curves", PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.TrainLoss.Count == 0)
        {
            throw new ArgumentException("The training history has no epochs.", nameof(history));
        }

        var size = (options ?? new PlotOptions(1200, 500)).Validate();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var loss = multiplot.GetPlot(0);
        var accuracy = multiplot.GetPlot(1);
        AddPair(loss, history.TrainLoss, history.ValidationLoss);
        AddPair(accuracy, history.TrainAccuracy, history.ValidationAccuracy);
        loss.Title($"{title}: loss");
        loss.YLabel("Loss");
        accuracy.Title($"{title}: accuracy");
        accuracy.YLabel("Accuracy");
        foreach (var plot in new[] { loss, accuracy })
        {
            plot.XLabel("Epoch");
            plot.ShowLegend(Alignment.UpperRight);
        }

        accuracy.ShowLegend(Alignment.LowerRight);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        multiplot.SavePng(path, size.Width, size.Height);
    }

    private static void AddPair(Plot plot, IReadOnlyList<double> train, IReadOnlyList<double> validation)
    {
        var epochs = Enumerable.Range(1, train.Count).Select(e => (double)e).ToArray();
        var t = plot.Add.Scatter(epochs, train.ToArray());
        t.LegendText = "train";
        t.LineWidth = 2;
        if (validation.Count > 0)
        {
            var v = plot.Add.Scatter(Enumerable.Range(1, validation.Count).Select(e => (double)e).ToArray(), validation.ToArray());
            v.LegendText = "validation";
            v.LineWidth = 2;
        }
    }
}
