using ScottPlot;

namespace Timbre.Reporting;

/// <summary>Writes a confusion matrix as a heatmap with class names on both axes and the count in every cell.</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>
    /// Renders <paramref name="counts"/> (rows = true class, columns = predicted) to a PNG. Colours follow each row's
    /// share (recall per cell) so that classes of different size compare; the text shows the raw count.
    /// </summary>
    public static void Write(string path, int[][] counts, IReadOnlyList<string> labels, string title = "Confusion matrix", PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(labels);
        var k = counts.Length;
        if (k == 0 || counts.Any(r => r.Length != k) || labels.Count != k)
        {
            throw new ArgumentException("The confusion matrix must be square with one label per class.", nameof(counts));
        }

        var shares = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            var rowSum = counts[i].Sum();
            for (var j = 0; j < k; j++)
            {
                shares[i, j] = rowSum == 0 ? 0 : (double)counts[i][j] / rowSum;
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "share of true class";

        var fontSize = k <= 10 ? 14f : k <= 20 ? 10f : 7f;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var text = plot.Add.Text(counts[i][j].ToString(System.Globalization.CultureInfo.InvariantCulture), j, k - 1 - i);
                text.LabelFontSize = fontSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = shares[i, j] > 0.6 ? Colors.Black : Colors.White;
                text.LabelBold = i == j;
            }
        }

        var positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        CategoryAxis.Apply(plot, labels);
        plot.Axes.Left.SetTicks(positions, labels.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Title(title);
        plot.XLabel("Predicted");
        plot.YLabel("True");
        plot.HideGrid();
        PlotFile.Save(plot, path, options ?? new PlotOptions(900, 800));
    }
}
