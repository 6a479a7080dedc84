using Timbre.Testing;
using System.Buffers.Binary;
using Timbre.Evaluation.Classification;
using Timbre.Reporting;

namespace Timbre.Evaluation.Tests.Reporting;

public sealed class PlotWriterTests : IDisposable
{
    private static readonly string[] s_genres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];
    private readonly string _dir;

    public PlotWriterTests()
    {
        // TIMBRE_PLOT_DIR keeps the images for a look; otherwise a temp folder removed afterwards.
        _dir = Environment.GetEnvironmentVariable("TIMBRE_PLOT_DIR") is { Length: > 0 } keep
            ? keep
            : Path.Combine(Path.GetTempPath(), "timbre-plots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TIMBRE_PLOT_DIR") is not { Length: > 0 })
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void TrainingCurves()
    {
        var epochs = 30;
        var trainLoss = Enumerable.Range(0, epochs).Select(e => 2.3 * Math.Exp(-e / 8.0) + 0.1).ToArray();
        var valLoss = Enumerable.Range(0, epochs).Select(e => 2.3 * Math.Exp(-e / 10.0) + 0.3 + 0.004 * e).ToArray();
        var trainAcc = trainLoss.Select(l => 1 - l / 2.6).ToArray();
        var valAcc = valLoss.Select(l => 0.95 - l / 2.8).ToArray();
        var path = Path.Combine(_dir, "training.png");
        TrainingCurvesPlot.Write(path, new TrainingHistory(trainLoss, valLoss, trainAcc, valAcc), "crnn");
        AssertPng(path, 1200, 500);
    }

    [Fact]
    public void ConfusionMatrixHeatmap()
    {
        var rng = new Random(1);
        var counts = new int[10][];
        for (var i = 0; i < 10; i++)
        {
            counts[i] = new int[10];
            for (var n = 0; n < 100; n++)
            {
                counts[i][rng.NextDouble() < 0.7 ? i : rng.Next(10)]++;
            }
        }

        var path = Path.Combine(_dir, "confusion.png");
        ConfusionMatrixPlot.Write(path, counts, s_genres, "Confusion matrix (crnn)");
        AssertPng(path, 900, 800);
    }

    [Fact]
    public void RocCurves()
    {
        var rng = new Random(2);
        var y = Enumerable.Range(0, 400).Select(_ => rng.Next(4)).ToArray();
        var p = y.Select(t =>
        {
            var row = Enumerable.Range(0, 4).Select(c => rng.NextDouble() + (c == t ? 0.5 + 0.2 * t : 0)).ToArray();
            var sum = row.Sum();
            return row.Select(v => v / sum).ToArray();
        }).ToArray();
        var path = Path.Combine(_dir, "roc.png");
        RocPlot.Write(path, Roc.OneVsRest(y, p, 4), ["classical", "pop", "rock", "light"]);
        AssertPng(path, 800, 700);
    }

    [Fact]
    public void Spectrogram()
    {
        const int rows = 96, cols = 400;
        var values = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                // Falling energy with band, a beat every 25 frames and a rising harmonic line.
                var beat = c % 25 < 3 ? 20 : 0;
                var line = Math.Abs(r - (10 + c / 10)) < 2 ? 25 : 0;
                values[r * cols + c] = (float)(-80 + 60 * Math.Exp(-r / 30.0) + beat + line);
            }
        }

        var path = Path.Combine(_dir, "spectrogram.png");
        SpectrogramPlot.Write(path, values, rows, cols, new SpectrogramPlotOptions(22050, 512, "Mel spectrogram: test.wav"));
        AssertPng(path, 1000, 500);
        Assert.Throws<ArgumentException>(() => SpectrogramPlot.Write(path, values, rows, cols + 1, new SpectrogramPlotOptions(22050, 512)));
    }

    [Fact]
    public void GenreProbabilities()
    {
        double[] p = [0.02, 0.01, 0.05, 0.08, 0.03, 0.04, 0.02, 0.09, 0.05, 0.61];
        var path = Path.Combine(_dir, "probabilities.png");
        BarChartPlot.WriteProbabilities(path, s_genres, p, "song.mp3: rock");
        AssertPng(path, 900, 600);
    }

    [Fact]
    public void RecommenderLineAndGroupedBars()
    {
        double[] theta = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
        var thresholdChart = new ChartData("Multicategory accuracy vs threshold", "Threshold θ", "Accuracy",
        [
            new ChartSeries("multicategory", theta, [0.38, 0.41, 0.43, 0.42, 0.40, 0.37]),
            new ChartSeries("comprehensive", theta, [0.35, 0.35, 0.35, 0.35, 0.35, 0.35]),
        ]);
        var line = Path.Combine(_dir, "threshold.png");
        LineChartPlot.Write(line, thresholdChart);
        AssertPng(line, 900, 600);

        double[] known = [1, 2, 5, 10, 20];
        var coldStart = new ChartData("Cold start", "Known ratings per user", "Precision@10",
        [
            new ChartSeries("content", known, [0.21, 0.22, 0.22, 0.23, 0.23]),
            new ChartSeries("score-based", known, [0.05, 0.09, 0.15, 0.21, 0.26]),
            new ChartSeries("hybrid", known, [0.20, 0.22, 0.24, 0.27, 0.30]),
        ]);
        var bars = Path.Combine(_dir, "coldstart-bars.png");
        BarChartPlot.WriteGrouped(bars, coldStart, known.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), new PlotOptions(1000, 600));
        AssertPng(bars, 1000, 600);
        LineChartPlot.Write(Path.Combine(_dir, "coldstart.png"), coldStart);
        AssertPng(Path.Combine(_dir, "coldstart.png"), 900, 600);
    }

    [Fact]
    public void BadInputThrows()
    {
        var path = Path.Combine(_dir, "bad.png");
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Write(path, [[1, 2], [3]], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => BarChartPlot.WriteProbabilities(path, ["a"], [0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => LineChartPlot.Write(path, new ChartData("t", "x", "y", [])));
        Assert.Throws<ArgumentOutOfRangeException>(() => RocPlot.Write(path, [Roc.Curve([true, false], [0.6, 0.4])], ["a"], options: new PlotOptions(10, 10)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ABlankChartFailsTheChartCheck()
    {
        var path = Path.Combine(_dir, "blank.png");
        var plot = new ScottPlot.Plot();
        plot.Title("Nothing plotted");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.SavePng(path, 900, 600);
        var error = Assert.Throws<InvalidDataException>(() => PlotImage.AssertChart(path, 900, 600));
        Assert.Contains("looks blank", error.Message);
    }

    private static void AssertPng(string path, int width, int height)
    {
        PlotImage.AssertChart(path, width, height);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
