using ScottPlot;

namespace Timbre.Reporting;

/// <summary>
/// The library map as a picture: one dot per track at its 2-D position, coloured by group (genre or album; the
/// largest groups get the palette's first colours and a legend entry, the rest share grey), no ticks (t-SNE
/// coordinates have no units).
/// </summary>
public static class MapPlot
{
    /// <summary>Most groups named in the legend; the others are drawn grey under "other".</summary>
    public const int MaxLegendGroups = 12;

    /// <summary>Writes the map: <paramref name="x"/>, <paramref name="y"/> and <paramref name="groups"/> have one entry per track.</summary>
    public static void Write(string path, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string> groups, string title, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(groups);
        if (x.Count != y.Count || x.Count != groups.Count)
        {
            throw new ArgumentException($"Give one x, y and group per track ({x.Count}, {y.Count}, {groups.Count}).", nameof(groups));
        }

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var ranked = groups.GroupBy(g => g).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var named = ranked.Take(MaxLegendGroups).ToHashSet();
        var markerSize = x.Count > 2000 ? 3 : x.Count > 300 ? 5 : 7;
        var others = Enumerable.Range(0, x.Count).Where(i => !named.Contains(groups[i])).ToList();
        if (others.Count > 0)
        {
            AddGroup(plot, x, y, others, Colors.Gray.WithAlpha(0.6), markerSize, $"other ({ranked.Count - named.Count} groups)");
        }

        for (var g = 0; g < Math.Min(ranked.Count, MaxLegendGroups); g++)
        {
            var members = Enumerable.Range(0, x.Count).Where(i => groups[i] == ranked[g]).ToList();
            AddGroup(plot, x, y, members, g < 10 ? palette.GetColor(g) : (g == 10 ? Colors.Black : Colors.Olive), markerSize, ranked[g]);
        }

        plot.Title(title);
        plot.Axes.Bottom.SetTicks([], []); // t-SNE coordinates have no units: a frame, no ticks
        plot.Axes.Left.SetTicks([], []);
        plot.HideGrid();
        plot.ShowLegend(Edge.Right);
        PlotFile.Save(plot, path, options ?? new PlotOptions(1100, 800));
    }

    private static void AddGroup(Plot plot, IReadOnlyList<double> x, IReadOnlyList<double> y, List<int> members, Color colour, int size, string label)
    {
        var scatter = plot.Add.ScatterPoints(members.Select(i => x[i]).ToArray(), members.Select(i => y[i]).ToArray());
        scatter.Color = colour;
        scatter.MarkerSize = size;
        scatter.LegendText = label;
    }
}
