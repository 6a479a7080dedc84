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
    /// <summary>
    /// Centre frequency in Hz of each row (ascending), or null: with it the vertical axis is labelled in Hz/kHz at
    /// round frequencies (and <see cref="RowAxisLabel"/> should say "Frequency (Hz)").
    /// </summary>
    public IReadOnlyList<double>? RowFrequenciesHz { get; init; }

    /// <summary>When set, the time axis spans this many seconds (instead of frames × hop / sample rate).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>When set, colours span this many dB below the loudest cell (quieter cells get the darkest colour).</summary>
    public double? RangeDb { get; init; }

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
        => PlotFile.Save(Build(values, rows, columns, spectrogram), path, options ?? new PlotOptions(1000, 500));

    /// <summary>As <see cref="Write"/>, into PNG bytes (the web app's spectrogram).</summary>
    public static byte[] RenderPng(ReadOnlySpan<float> values, int rows, int columns, SpectrogramPlotOptions spectrogram, PlotOptions? options = null)
    {
        var size = (options ?? new PlotOptions(1000, 500)).Validate();
        return Build(values, rows, columns, spectrogram).GetImageBytes(size.Width, size.Height, ImageFormat.Png);
    }

    private static Plot Build(ReadOnlySpan<float> values, int rows, int columns, SpectrogramPlotOptions spectrogram)
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

        var seconds = spectrogram.DurationSeconds ?? ((double)columns * spectrogram.HopLength / spectrogram.SampleRate);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Magma();
        heatmap.Rectangle = new CoordinateRect(0, seconds, 0, rows);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = spectrogram.ColorBarLabel;
        if (spectrogram.RangeDb is { } range)
        {
            var top = values.Length == 0 ? 0 : values.ToArray().Where(float.IsFinite).DefaultIfEmpty(0).Max();
            heatmap.ManualRange = new ScottPlot.Range(top - range, top);
        }

        plot.Axes.SetLimits(0, seconds, 0, rows);
        if (spectrogram.RowFrequenciesHz is { } hz)
        {
            FrequencyTicks(plot, hz);
        }

        plot.Title(spectrogram.Title);
        plot.XLabel("Time (s)");
        plot.YLabel(spectrogram.RowAxisLabel);
        plot.HideGrid();
        return plot;
    }

    /// <summary>Ticks at round frequencies, placed by interpolating the rows' centre frequencies (row r spans r … r + 1).</summary>
    private static void FrequencyTicks(Plot plot, IReadOnlyList<double> hz)
    {
        var positions = new List<double>();
        var labels = new List<string>();
        foreach (var f in new double[] { 0, 100, 250, 500, 1000, 2000, 4000, 8000, 16000 })
        {
            if (hz.Count < 2 || f < hz[0] || f > hz[^1])
            {
                continue;
            }

            var r = 0;
            while (r < hz.Count - 2 && hz[r + 1] < f)
            {
                r++;
            }

            var at = r + 0.5 + ((f - hz[r]) / (hz[r + 1] - hz[r]));
            positions.Add(at);
            labels.Add(f >= 1000 ? FormattableString.Invariant($"{f / 1000:0.#} kHz") : FormattableString.Invariant($"{f:0} Hz"));
        }

        plot.Axes.Left.SetTicks([.. positions], [.. labels]);
    }
}
