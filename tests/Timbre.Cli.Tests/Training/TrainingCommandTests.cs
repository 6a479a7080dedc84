using System.Globalization;
using System.Text.Json;
using Timbre.Core.Audio;
using Timbre.Inference;

namespace Timbre.Cli.Tests.Training;

[Trait("Category", "Slow")]
[Collection("Console")]
public sealed class TrainingCommandTests(TinyCorpus corpus) : IClassFixture<TinyCorpus>
{
    [Fact]
    public void TrainWritesAPackageWithReportAndPlots()
    {
        Assert.True(corpus.TrainCode == 0, corpus.TrainOut + corpus.TrainErr);
        foreach (string file in new[] { "manifest.json", "weights.dat", "normalization.json", "report.md", "report.json", "training-curves.png", "confusion-matrix.png", "roc.png" })
        {
            Assert.True(File.Exists(Path.Combine(corpus.Package, file)), file);
        }

        foreach (string chart in new[] { "training-curves.png", "confusion-matrix.png", "roc.png" })
        {
            PlotImage.AssertChart(Path.Combine(corpus.Package, chart));
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus.Package, "manifest.json")));
        Assert.Equal("crnn", manifest.RootElement.GetProperty("modelKind").GetString());
        Assert.Equal(TinyCorpus.Genres, manifest.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(manifest.RootElement.GetProperty("metrics").TryGetProperty("test.track.accuracy", out _));
        Assert.Contains("crnn", File.ReadAllText(Path.Combine(corpus.Package, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void PredictJsonGivesProbabilitiesThatSumToOne()
    {
        var files = Directory.GetFiles(corpus.Outside).Order(StringComparer.Ordinal).ToArray();
        var (code, output, error) = CliRunner.Run(["predict", "--model", corpus.Package, "--json", .. files]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        foreach (var (line, file) in lines.Zip(files))
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(file, doc.RootElement.GetProperty("file").GetString());
            var genres = doc.RootElement.GetProperty("genres").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(TinyCorpus.Genres, genres.Keys.ToArray());
            Assert.Equal(1.0, genres.Values.Sum(), 4);
            Assert.All(genres.Values, p => Assert.InRange(p, 0, 1));
            Assert.Equal(genres.MaxBy(p => p.Value).Key, doc.RootElement.GetProperty("top").GetString());
        }
    }

    [Fact]
    public void EmbedTsvHasOneRowPerFileAndTheEmbeddingWidth()
    {
        var (code, output, error) = CliRunner.Run("embed", "--model", corpus.Package, corpus.Outside);
        Assert.True(code == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')).ToArray();
        Assert.Equal(3, rows.Length);
        using var package = PackagedModel.Load(corpus.Package);
        Assert.All(rows, r =>
        {
            Assert.True(File.Exists(r[0]));
            Assert.Equal(1 + package.Model.EmbeddingSize, r.Length);
            Assert.All(r.Skip(1), v => Assert.True(float.IsFinite(float.Parse(v, CultureInfo.InvariantCulture))));
        });
    }

    [Fact]
    public void EvaluateOnTheWholeCorpusIsAboveChance()
    {
        string folder = Path.Combine(corpus.Root, "eval");
        var (code, output, error) = CliRunner.Run("evaluate", "--model", corpus.Package, "--data", corpus.Corpus, "--out", folder);
        Assert.True(code == 0, output + error);
        var report = Evaluation.Reports.ReportJson.Read(Path.Combine(folder, "report.json"));
        Assert.Equal(12, report.Models[0].Track!.Samples);
        Assert.True(report.Models[0].Track!.Accuracy > 1.0 / 3, $"track accuracy {report.Models[0].Track!.Accuracy}");
        Assert.True(File.Exists(Path.Combine(folder, "roc.png")));
    }

    [Fact]
    public void EvaluateJson_PrintsOnlyTheReportOnStdout()
    {
        string folder = Path.Combine(corpus.Root, "eval-json");
        var (code, output, error) = CliRunner.Run("evaluate", "--model", corpus.Package, "--data", corpus.Corpus, "--out", folder, "--json");
        Assert.True(code == 0, output + error);
        using var printed = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "report.json")).Trim(), output.Trim());
        Assert.Contains("report.md", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageRoundTripsThroughTheNeuralAnalyzer()
    {
        using var analyzer = NeuralAnalyzer.Load(corpus.Package);
        Assert.Equal(TinyCorpus.Genres, analyzer.GenreLabels);
        Assert.StartsWith("crnn-", analyzer.ModelId, StringComparison.Ordinal);
        var samples = new float[TinyCorpus.SampleRate * 3];
        for (int n = 0; n < samples.Length; n++)
        {
            samples[n] = (float)(0.5 * Math.Sin(2 * Math.PI * 200 * n / TinyCorpus.SampleRate));
        }

        var a = analyzer.Analyze(new AudioBuffer(samples, TinyCorpus.SampleRate));
        var b = analyzer.Analyze(new AudioBuffer(samples, TinyCorpus.SampleRate));
        Assert.Equal(1.0, a.GenreProbabilities.Sum(), 4);
        Assert.Equal(a.Embedding, b.Embedding);
        Assert.Throws<Core.Analysis.AnalysisException>(() => analyzer.Analyze(new AudioBuffer(samples, 16000)));
    }

    [Fact]
    public void ABadPackagePathFailsWithOneClearLine()
    {
        string missing = Path.Combine(corpus.Root, "no-such-model");
        var (code, _, error) = CliRunner.Run("predict", "--model", missing, Directory.GetFiles(corpus.Outside)[0]);
        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("timbre: error:", line, StringComparison.Ordinal);
        Assert.Contains("no-such-model", line, StringComparison.Ordinal);

        string notAPackage = Path.Combine(corpus.Root, "empty-dir");
        Directory.CreateDirectory(notAPackage);
        (code, _, error) = CliRunner.Run("embed", "--model", notAPackage, corpus.Outside);
        Assert.Equal(1, code);
        Assert.Contains("manifest.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareWritesOneTableWithCrossValidationAndPackages()
    {
        string folder = Path.Combine(corpus.Root, "compare");
        var (code, output, error) = CliRunner.Run(
            "compare", "--data", corpus.Corpus, "--models", "logreg,mfcc-cnn", "--cv-models", "logreg", "--folds", "2", "--out", folder,
            "--epochs", "2", "--vector-epochs", "20", "--batch", "8", "--clip-seconds", "1", "--threads", "1");
        Assert.True(code == 0, output + error);
        Assert.Contains("| Model | Accuracy | Macro-F1 | AUC | Track accuracy |", output, StringComparison.Ordinal);
        var report = Evaluation.Reports.ReportJson.Read(Path.Combine(folder, "report.json"));
        Assert.Equal(["logreg", "mfcc-cnn"], report.Models.Select(m => m.Name).ToArray());
        Assert.Equal(2, report.Models.Single(m => m.Name == "logreg").CrossValidation!.Folds.Count);
        Assert.True(File.Exists(Path.Combine(folder, "models", "logreg", "manifest.json")));
        PlotImage.AssertChart(Path.Combine(folder, "accuracy.png"));
    }

    [Fact]
    public void MobileNetTrainsFromABackboneFileAndRejectsABadOne()
    {
        var options = new Timbre.Models.Transfer.MobileNetV2GruOptions { Height = 64, Width = 32, WidthMultiplier = 0.35, GruHidden = 8, Classes = 5 };
        string weights = Path.Combine(corpus.Root, "backbone.safetensors");
        using (var donor = new Timbre.Models.Transfer.MobileNetV2Gru(options))
        {
            Timbre.Models.Transfer.BackboneWeights.Save(donor, weights);
        }

        string package = Path.Combine(corpus.Root, "models", "mobilenet");
        string[] common = ["train", "--model", "mobilenetv2-gru", "--data", corpus.Corpus, "--epochs", "1", "--head-epochs", "1", "--batch", "8",
            "--clip-seconds", "1", "--pool", "1", "--threads", "1", "--model-options", """{"widthMultiplier":0.35,"gruHidden":8}"""];
        var (code, output, error) = CliRunner.Run([.. common, "--out", package, "--backbone", weights]);
        Assert.True(code == 0, output + error);
        Assert.Contains("backbone loaded from backbone.safetensors", output + File.ReadAllText(Path.Combine(package, "report.md")), StringComparison.Ordinal);

        string garbage = Path.Combine(corpus.Root, "garbage.safetensors");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        (code, _, error) = CliRunner.Run([.. common, "--out", package + "-bad", "--backbone", garbage]);
        Assert.Equal(1, code);
        Assert.Contains("garbage.safetensors", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, error) = CliRunner.Run("train", "--model", "logreg", "--data", corpus.Corpus, "--out", package + "-lr", "--backbone", weights);
        Assert.Equal(2, code);
        Assert.Contains("only apply to mobilenetv2-gru", error, StringComparison.Ordinal);

        (code, _, error) = CliRunner.Run([.. common, "--out", package + "-missing", "--backbone", Path.Combine(corpus.Root, "nope.safetensors")]);
        Assert.Equal(1, code);
        Assert.Contains("nope.safetensors does not exist", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(package + "-missing"));
    }
}
