namespace Timbre.Reporting;

/// <summary>Size of a written PNG.</summary>
/// <param name="Width">Width in pixels (default 900, at least 200).</param>
/// <param name="Height">Height in pixels (default 600, at least 150).</param>
public sealed record PlotOptions(int Width = 900, int Height = 600)
{
    /// <summary>Default size, 900 × 600.</summary>
    public static PlotOptions Default { get; } = new();

    /// <summary>Throws when the size is too small to draw axes and labels.</summary>
    public PlotOptions Validate()
    {
        if (Width < 200 || Height < 150 || Width > 10_000 || Height > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"Plot size {Width}×{Height} must be within 200×150 … 10000×10000.");
        }

        return this;
    }
}

/// <summary>Saving helper shared by the plot writers.</summary>
internal static class PlotFile
{
    public static void Save(ScottPlot.Plot plot, string path, PlotOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var size = (options ?? PlotOptions.Default).Validate();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        plot.SavePng(path, size.Width, size.Height);
    }
}

/// <summary>Category tick labels on the bottom axis, rotated with room reserved when they are many or long.</summary>
internal static class CategoryAxis
{
    public static void Apply(ScottPlot.Plot plot, IReadOnlyList<string> labels)
    {
        var positions = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        var longest = labels.Count == 0 ? 0 : labels.Max(l => l.Length);
        if (labels.Count > 6 || longest * labels.Count > 70)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
            // Rotated text needs about 0.7 × its length vertically, plus the axis label below it.
            plot.Axes.Bottom.MinimumSize = (float)(longest * 8 * 0.75 + 45);
        }
    }
}
