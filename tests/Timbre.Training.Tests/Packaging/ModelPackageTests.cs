using System.Text.Json;
using System.Text.Json.Nodes;
using Timbre.Core.Errors;
using Timbre.Inference;
using Timbre.Inference.Packaging;
using Timbre.Models;
using Timbre.Models.Common;
using Timbre.Training.Training;
using static TorchSharp.torch;

namespace Timbre.Training.Tests.Packaging;

public sealed class ModelPackageTests : IDisposable
{
    private static readonly FeatureSpec Features = new("log-mel", "mel-v1", new Dictionary<string, string> { ["sr"] = "22050", ["bands"] = "16" });
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-pkg-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private TimbreModel SaveCnn()
    {
        manual_seed(1);
        var overrides = JsonSerializer.SerializeToElement(new { filters = new[] { 4, 4, 4, 4 }, hidden = 8 });
        var model = ModelFactory.Create("cnn4", [1, 16, 16], 3, overrides);
        new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 10, Threads = 1 }).Fit(model, Synthetic.Patterns(5, 1));
        ModelPackage.Save(_dir, model, new ModelManifest
        {
            InputShape = [1, 16, 16],
            Labels = ["low", "high", "stripes"],
            Features = Features,
            TrainingData = new TrainingDataSummary("synthetic", 15, 15, "all"),
            Metrics = new() { ["accuracy"] = 0.5 },
        });
        return model;
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void RoundTripGivesIdenticalPredictions()
    {
        using var model = SaveCnn();
        var data = Synthetic.Patterns(3, 2);
        var before = ForwardPass.Predict(model, data.Features, data.SampleShape);
        var loaded = ModelPackage.Load(_dir, Features);
        using var again = loaded.Model;
        Assert.Equal(before, ForwardPass.Predict(again, data.Features, data.SampleShape));
        Assert.Equal(["low", "high", "stripes"], loaded.Manifest.Labels);
        Assert.Equal(64, loaded.Manifest.WeightsSha256.Length);
        Assert.Equal(0.5, loaded.Manifest.Metrics["accuracy"]);
        Assert.Equal("cnn4", loaded.Manifest.ModelKind);
        Assert.IsType<Timbre.Models.Spectrogram.Cnn4>(again);
    }

    [Fact]
    public void OtherFeatureVersionOrParametersFailClearly()
    {
        using var model = SaveCnn();
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir, Features with { Version = "mel-v2" }));
        Assert.Contains("mel-v1", e.Message);
        e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir, Features with { Parameters = new Dictionary<string, string> { ["sr"] = "16000", ["bands"] = "16" } }));
        Assert.Contains("sr", e.Message);
    }

    [Fact]
    public void OtherMajorVersionFailsClearly()
    {
        using var model = SaveCnn();
        string path = Path.Combine(_dir, ModelPackage.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["timbreVersion"] = "99.0.0";
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir));
        Assert.Contains("99.0.0", e.Message);
    }

    [Fact]
    public void CorruptOrMissingFilesFailClearly()
    {
        using var model = SaveCnn();
        string weights = Path.Combine(_dir, ModelPackage.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
        Assert.Contains("SHA-256", Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir)).Message);
        File.Delete(weights);
        Assert.Contains(ModelPackage.WeightsFile, Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir)).Message);
        File.WriteAllText(Path.Combine(_dir, ModelPackage.ManifestFile), "{ not json");
        Assert.Contains("corrupt", Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir)).Message);
        File.Delete(Path.Combine(_dir, ModelPackage.ManifestFile));
        Assert.Throws<ModelPackageException>(() => ModelPackage.Load(_dir));
    }
}
