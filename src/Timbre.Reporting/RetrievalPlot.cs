using System.Globalization;
using ScottPlot;

namespace Timbre.Reporting;

/// <summary>Retrieval precision per group (album or artist) against the chance level.</summary>
public static class RetrievalPlot
{
    /// <summary>
    /// One bar per group (its precision@k, value printed on the bar), a short black tick on each bar at that group's
    /// own chance level, and a dashed line at the overall chance level.
    /// </summary>
    /// <param name="path">PNG to write.</param>
    /// <param name="groups">Group names (x categories).</param>
    /// <param name="precision">Precision@k per group, in [0, 1].</param>
    /// <param name="groupChance">Chance precision per group, in [0, 1].</param>
    /// <param name="chance">Overall chance precision.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="yLabel">y-axis label, e.g. "Precision@5".</param>
    /// <param name="options">Size.</param>
    public static void WritePerGroup(
        string path, IReadOnlyList<string> groups, IReadOnlyList<double> precision, IReadOnlyList<double> groupChance, double chance, string title, string yLabel, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(groupChance);
        if (groups.Count == 0 || precision.Count != groups.Count || groupChance.Count != groups.Count)
        {
            throw new ArgumentException("Give one precision and one chance value per group (at least one group).", nameof(precision));
        }

        var plot = new Plot();
        var bars = plot.Add.Bars(Enumerable.Range(0, groups.Count).Select(i => new Bar
        {
            Position = i,
            Value = precision[i],
            FillColor = Colors.SteelBlue,
            Label = precision[i].ToString("0.00", CultureInfo.InvariantCulture),
        }).ToList());
        bars.ValueLabelStyle.FontSize = 11;
        bars.LegendText = yLabel;
        for (var i = 0; i < groups.Count; i++)
        {
            var tick = plot.Add.Line(i - 0.4, groupChance[i], i + 0.4, groupChance[i]);
            tick.LineColor = Colors.Black;
            tick.LineWidth = 2;
            if (i == 0)
            {
                tick.LegendText = "chance of the group";
            }
        }

        var line = plot.Add.HorizontalLine(chance);
        line.LineColor = Colors.OrangeRed;
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 2;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"chance {chance:0.000}");
        // Rotated labels run down to the right: short names, and room after the last bar for its label.
        CategoryAxis.Apply(plot, [.. groups.Select(g => g.Length > 18 ? g[..17] + "…" : g)]);
        plot.Axes.SetLimits(-0.6, groups.Count - 0.4 + (groups.Count > 6 ? 1 : 0), 0, 1.15);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        PlotFile.Save(plot, path, options);
    }
}
