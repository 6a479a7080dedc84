using ScottPlot;

namespace Timbre.Reporting;

/// <summary>One named line or bar series.</summary>
/// <param name="Name">Legend text, e.g. "content", "hybrid".</param>
/// <param name="X">x values (for bar charts, ignored: categories give positions).</param>
/// <param name="Y">y values, one per x.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A generic chart: title, axis labels and one or more series.</summary>
/// <param name="Title">Plot title.</param>
/// <param name="XLabel">x-axis label, e.g. "Threshold θ" or "Known ratings".</param>
/// <param name="YLabel">y-axis label, e.g. "Precision@10".</param>
/// <param name="Series">The series to draw.</param>
public sealed record ChartData(string Title, string XLabel, string YLabel, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>Throws when there is no series or a series is empty or ragged.</summary>
    public ChartData Validate()
    {
        if (Series is null || Series.Count == 0)
        {
            throw new ArgumentException("A chart needs at least one series.");
        }

        foreach (var s in Series)
        {
            if (s.Y.Count == 0 || (s.X.Count != 0 && s.X.Count != s.Y.Count))
            {
                throw new ArgumentException($"Series '{s.Name}' is empty or its x and y differ in length.");
            }
        }

        return this;
    }
}

/// <summary>
/// Line charts for reports: one line (with markers) per series, e.g. a recommender metric against the category
/// threshold θ, or the cold-start curve (metric vs number of known ratings) with one line per method.
/// </summary>
public static class LineChartPlot
{
    /// <summary>Renders <paramref name="chart"/> to a PNG.</summary>
    public static void Write(string path, ChartData chart, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        chart.Validate();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var markers = new[] { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle };
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            if (series.X.Count != series.Y.Count)
            {
                throw new ArgumentException($"Line series '{series.Name}' needs one x per y.", nameof(chart));
            }

            var line = plot.Add.Scatter(series.X.ToArray(), series.Y.ToArray(), palette.GetColor(s));
            line.LegendText = series.Name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.MarkerShape = markers[s % markers.Length];
        }

        BarChartPlot.Decorate(plot, chart);
        PlotFile.Save(plot, path, options);
    }
}
