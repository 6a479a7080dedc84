using System.Text.Json;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class DemoAndCorpusCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Trait("Category", "Slow")]
    [Fact]
    public void Demo_GeneratesTrainsScansRecommends_AndReRunReusesEverything()
    {
        string output = Path.Combine(_dir, "demo");
        string[] args = ["demo", "--no-serve", "--per-genre", "2", "--seconds", "4", "--genres", "blues,metal,classical", "--out", output];
        (int code, string text, string error) = CliRunner.Run(args);
        Assert.True(code == 0, error + text);
        foreach (string step in new[] { "library", "model", "scan", "recommend", "features" })
        {
            Assert.Contains($"step {Array.IndexOf(new[] { "library", "model", "scan", "recommend", "features" }, step) + 1}/5 · {step}", text);
            Assert.Contains($"{step} done in", text);
        }

        Assert.DoesNotContain("serve", text.Replace("--no-serve", ""), StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(output, "library"), "*.wav", SearchOption.AllDirectories).Length);
        Assert.Contains("model trained", text);
        Assert.Contains("held-out tracks", text);
        Assert.True(File.Exists(Path.Combine(output, "model", "manifest.json")));
        Assert.Contains("6 files, 6 analysed", text);
        Assert.Contains("Songs like these", text);
        Assert.Contains("cosine", text); // the reasons
        Assert.Contains("top chroma", text);
        Assert.Contains("128 × 173", text); // 4 s log-mel
        Assert.NotEmpty(Directory.GetFiles(output, "*.logmel.png"));
        DateTime wav = File.GetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(output, "library"), "*.wav", SearchOption.AllDirectories)[0]);
        DateTime weights = File.GetLastWriteTimeUtc(Path.Combine(output, "model", "manifest.json"));

        (code, text, error) = CliRunner.Run(args);
        Assert.True(code == 0, error + text);
        Assert.Contains("0 rendered, 6 reused", text);
        Assert.Contains("model reused", text);
        Assert.Contains("0 analysed, 6 unchanged", text);
        Assert.Contains("Songs like these", text);
        Assert.Equal(wav, File.GetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(output, "library"), "*.wav", SearchOption.AllDirectories)[0]));
        Assert.Equal(weights, File.GetLastWriteTimeUtc(Path.Combine(output, "model", "manifest.json")));
    }

    [Fact]
    public void Demo_OwnLibraryWithoutGenreFolders_UsesTheSummaryAnalyzer_AndStillRecommends()
    {
        Corpus(4);
        string flat = Path.Combine(_dir, "corpus", "low"); // files only, no genre sub-folders
        (int code, string text, string error) = CliRunner.Run("demo", "--no-serve", "--library", flat, "--out", Path.Combine(_dir, "own"));
        Assert.True(code == 0, error + text);
        Assert.Contains("using your library", text);
        Assert.Contains("summary analyzer", text);
        Assert.Contains("4 files, 4 analysed", text);
        Assert.Contains("m1 · summary", text);
        Assert.False(Directory.Exists(Path.Combine(_dir, "own", "model")));
        Assert.Equal(4, Directory.GetFiles(flat).Length); // the user's folder is left alone
    }

    [Fact]
    public void Demo_BadOptions_AreOneLineErrors()
    {
        (int code, _, string error) = CliRunner.Run("demo", "--no-serve", "--per-genre", "1", "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, code);
        Assert.Contains("--per-genre", error);
        (code, _, error) = CliRunner.Run("demo", "--no-serve", "--library", Path.Combine(_dir, "missing"), "--out", Path.Combine(_dir, "x"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
    }

    private void Corpus(int perLabel)
    {
        var random = new Random(3);
        foreach ((string label, double frequency) in new[] { ("low", 220.0), ("high", 1760.0) })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "corpus", label));
            for (int i = 0; i < perLabel; i++)
            {
                var samples = new float[22050];
                double f = frequency * (1 + 0.05 * random.NextDouble());
                for (int s = 0; s < samples.Length; s++)
                {
                    samples[s] = (float)(0.4 * Math.Sin(2 * Math.PI * f * s / 22050) + 0.1 * (random.NextDouble() - 0.5));
                }

                WavWriter.WriteFile(Path.Combine(_dir, "corpus", label, $"{label}{i}.wav"), new AudioBuffer(samples, 22050));
            }
        }
    }

    [Fact]
    public void CorpusStats_PrintsCountsDurations_AndSeparatesAnEasyCorpus()
    {
        Corpus(10);
        string corpus = Path.Combine(_dir, "corpus");
        (int code, string text, string error) = CliRunner.Run("corpus", "stats", corpus);
        Assert.True(code == 0, error + text);
        Assert.Contains("low", text);
        Assert.Contains("1.0 s", text);
        Assert.Contains("built", text);
        Assert.Contains("5-fold", text);
        Assert.Contains("100.0 %", text);
        Assert.Single(Directory.GetFiles(Path.Combine(corpus, ".timbre-cache"), "*.tfc"));

        (code, text, _) = CliRunner.Run("corpus", "stats", corpus);
        Assert.Equal(0, code);
        Assert.Contains("reused", text);
    }

    [Fact]
    public void CorpusStatsJson_PutsOnlyTheDocumentOnStdout()
    {
        Corpus(10);
        (int code, string output, string error) = CliRunner.Run("corpus", "stats", Path.Combine(_dir, "corpus"), "--json");
        Assert.True(code == 0, error + output);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(20, root.GetProperty("tracks").GetInt32());
        var genres = root.GetProperty("genres").EnumerateArray().ToDictionary(g => g.GetProperty("genre").GetString()!, g => g);
        Assert.Equal(["high", "low"], genres.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(10, genres["low"].GetProperty("tracks").GetInt32());
        Assert.Equal(1.0, genres["low"].GetProperty("meanSeconds").GetDouble(), 2);
        var baselines = root.GetProperty("baselines").EnumerateArray().ToList();
        Assert.NotEmpty(baselines);
        Assert.All(baselines, b => Assert.InRange(b.GetProperty("logisticRegression").GetDouble(), 0, 1));
        Assert.Contains("built", error); // the feature-cache note went to stderr
    }

    [Fact]
    public void CorpusShow_WritesThePng_AndMissingFolderFails()
    {
        Corpus(1);
        string png = Path.Combine(_dir, "show.png");
        (int code, _, string error) = CliRunner.Run("corpus", "show", Path.Combine(_dir, "corpus", "low", "low0.wav"), "--out", png);
        Assert.True(code == 0, error);
        PlotImage.AssertChart(png);

        (code, _, error) = CliRunner.Run("corpus", "stats", Path.Combine(_dir, "nope"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
    }
}
