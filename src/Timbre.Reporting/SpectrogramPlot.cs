using ScottPlot;

namespace Timbre.Reporting;

/// <summary>What a spectrogram image shows: its frames' hop and sample rate give the time axis.</summary>
/// <param name="SampleRate">Audio sample rate in Hz.</param>
/// <param name="HopLength">Samples between frames.</param>
/// <param name="Title">Plot title.</param>
/// <param name="RowAxisLabel">Label of the vertical axis, e.g. "Mel band" or "MFCC coefficient".</param>
/// <param name="ColorBarLabel">Label of the colour bar, e.g. "dB".</param>
public sealed record SpectrogramPlotOptions(
    int SampleRate, int HopLength, string Title = "Mel spectrogram", string RowAxisLabel = "Mel band", string ColorBarLabel = "dB")
{
    /// <summary>Throws when the rate or hop is not positive.</summary>
    public SpectrogramPlotOptions Validate()
    {
        if (SampleRate <= 0 || HopLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), "Sample rate and hop length must be positive.");
        }

        return this;
    }
}

/// <summary>
/// Writes a spectrogram (or MFCC matrix) as a heatmap: time in seconds across, band/coefficient index upwards (row 0
/// at the bottom), colour bar in the given unit.
/// </summary>
public static class SpectrogramPlot
{
    /// <summary>Renders <paramref name="values"/>, row-major <paramref name="rows"/> × <paramref name="columns"/> (row = band, column = frame).</summary>
    public static void Write(string path, ReadOnlySpan<float> values, int rows, int columns, SpectrogramPlotOptions spectrogram, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        spectrogram.Validate();
        if (rows <= 0 || columns <= 0 || values.Length != rows * columns)
        {
            throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        }

        // ScottPlot draws row 0 at the top: flip so that the lowest band is at the bottom.
        var grid = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var v = values[r * columns + c];
                grid[rows - 1 - r, c] = float.IsFinite(v) ? v : double.NaN;
            }
        }

        var seconds = (double)columns * spectrogram.HopLength / spectrogram.SampleRate;
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Magma();
        heatmap.Rectangle = new CoordinateRect(0, seconds, 0, rows);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = spectrogram.ColorBarLabel;
        plot.Axes.SetLimits(0, seconds, 0, rows);
        plot.Title(spectrogram.Title);
        plot.XLabel("Time (s)");
        plot.YLabel(spectrogram.RowAxisLabel);
        plot.HideGrid();
        PlotFile.Save(plot, path, options ?? new PlotOptions(1000, 500));
    }
}
