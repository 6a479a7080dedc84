using System.Globalization;
using ScottPlot;

namespace Timbre.Reporting;

/// <summary>Bar charts: one file's genre probabilities, or grouped bars of several series over categories.</summary>
public static class BarChartPlot
{
    /// <summary>
    /// Values in [0, 1] as bars (value printed on each bar), the largest highlighted: genre probabilities of one
    /// prediction by default, or e.g. accuracy per model with <paramref name="yLabel"/>.
    /// </summary>
    public static void WriteProbabilities(string path, IReadOnlyList<string> labels, IReadOnlyList<double> probabilities, string title = "Genre probabilities", PlotOptions? options = null, string yLabel = "Probability")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count == 0 || labels.Count != probabilities.Count)
        {
            throw new ArgumentException("Give one probability per label.", nameof(probabilities));
        }

        var top = 0;
        for (var i = 1; i < probabilities.Count; i++)
        {
            top = probabilities[i] > probabilities[top] ? i : top;
        }

        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < labels.Count; i++)
        {
            bars.Add(new Bar
            {
                Position = i,
                Value = probabilities[i],
                FillColor = i == top ? Colors.OrangeRed : Colors.SteelBlue,
                Label = probabilities[i].ToString("0.00", CultureInfo.InvariantCulture),
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        CategoryAxis.Apply(plot, labels);
        plot.Axes.SetLimits(-0.6, labels.Count - 0.4, 0, Math.Max(1.05, probabilities.Max() * 1.1));
        plot.Title(title);
        plot.YLabel(yLabel);
        PlotFile.Save(plot, path, options);
    }

    /// <summary>
    /// Grouped bars: for each category (x), one bar per series, with a legend (e.g. precision@10 per method and
    /// threshold).
    /// </summary>
    public static void WriteGrouped(string path, ChartData chart, IReadOnlyList<string> categories, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(categories);
        chart.Validate();
        if (chart.Series.Any(s => s.Y.Count != categories.Count))
        {
            throw new ArgumentException("Every series needs one value per category.", nameof(categories));
        }

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var seriesCount = chart.Series.Count;
        var width = 0.8 / seriesCount;
        for (var s = 0; s < seriesCount; s++)
        {
            var series = chart.Series[s];
            var bars = Enumerable.Range(0, categories.Count).Select(c => new Bar
            {
                Position = c - 0.4 + width * (s + 0.5),
                Value = series.Y[c],
                Size = width * 0.95,
                FillColor = palette.GetColor(s),
            }).ToList();
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = series.Name;
        }

        CategoryAxis.Apply(plot, categories);
        // Head room above the tallest bar keeps the legend clear of the bars.
        var max = chart.Series.Max(s => s.Y.Max());
        var min = Math.Min(0, chart.Series.Min(s => s.Y.Min()));
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, min, max <= 0 ? 1 : max * 1.3);
        Decorate(plot, chart);
        PlotFile.Save(plot, path, options);
    }

    internal static void Decorate(Plot plot, ChartData chart)
    {
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel);
        if (chart.Series.Count > 1 || !string.IsNullOrEmpty(chart.Series[0].Name))
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
    }
}
