using System.Text.Json;
using System.Text.Json.Nodes;
using Timbre.Audio;
using Timbre.Audio.Ffmpeg;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Models;
using Timbre.Training.Pipeline;
using static TorchSharp.torch;

namespace Timbre.Training.Tests.Serving;

/// <summary>A package serves what it was trained on: same clips, same feature tensors, same feature version.</summary>
public sealed class TrainingServingParityTests : IDisposable
{
    // 1-s clips every 0.7 s (overlapping, so the hop arithmetic matters), 32 mels pooled by 2 → 16 × 22 samples.
    private static readonly Representation Clips = Representation.FromSpec(
        (FeatureExtractorSpec.LogMel3s with { ClipSeconds = 1.0, ClipHopSeconds = 0.7, NMels = 32, NFft = 512, HopLength = 512 }).Validate(), 2);

    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-parity-").FullName;
    private readonly AudioDecoder _decoder = new(new FfmpegDecoder());

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TrainingAndServingGiveBitIdenticalClipsAndFeatures()
    {
        // Odd lengths; clips start every 0.7 s while a whole clip fits: 2.31 s → 2, 3.05 s → 3, 1.7 s → 2.
        CorpusItem[] items = [Tone("a", 2.31, 330, seed: 1), Tone("b", 3.05, 440, seed: 2), Tone("c", 1.7, 550, seed: 3)];
        using var cache = FeatureCache.GetOrBuild(Path.Combine(_dir, "cache.tfc"), items, Clips.Spec, _decoder).Cache;
        int[] tracks = [.. Enumerable.Range(0, cache.Tracks.Count)];
        var normalization = ClipSet.FitNormalization(cache, tracks, Clips);
        var training = ClipSet.Build(cache, tracks, Clips, normalization);

        using var package = SavePackage(normalization);
        var served = new List<float>();
        for (int t = 0; t < cache.Tracks.Count; t++)
        {
            AudioBuffer audio = _decoder.Decode(cache.Tracks[t].Path, Clips.Spec.SampleRate);
            var (features, clips) = package.ClipFeatures(audio.Samples);
            Assert.Equal(cache.Tracks[t].ClipCount, clips);
            served.AddRange(features);
        }

        Assert.Equal(new[] { 2, 3, 2 }, cache.Tracks.Select(t => t.ClipCount));
        Assert.Equal(training.Data.Features.Length, served.Count);
        Assert.True(training.Data.Features.AsSpan().SequenceEqual(served.ToArray()), "serving fed the model other values than training");
    }

    [Fact]
    public void OneAnalysisRunsTheNetworkOncePerBatchOfClips()
    {
        manual_seed(5);
        using var loaded = SavePackage(Identity());
        var counting = new CountingModel(loaded.Model);
        using var analyzer = new NeuralAnalyzer(new PackagedModel(loaded.Directory, loaded.Manifest, counting, loaded.Input));

        // 36.05 s → 1 + ⌊(36.05 − 1) / 0.7⌋ = 51 clips: two batches of at most 50.
        var audio = new AudioBuffer(Samples(36.05, 440, seed: 4), Clips.Spec.SampleRate);
        var analysis = analyzer.Analyze(audio);

        Assert.Equal(51, loaded.ClipFeatures(audio.Samples).Clips);
        Assert.Equal((2, 2, 0), (counting.Embeds, counting.Classifies, counting.Forwards));
        var expected = loaded.Predict(audio.Samples);
        Assert.Equal(expected.Embedding, analysis.Embedding);
        Assert.Equal(expected.Probabilities, analysis.GenreProbabilities);
        Assert.Equal(1.0, analysis.GenreProbabilities.Sum(), 5);
    }

    [Fact]
    public void APackageRecordsItsFeatureVersionAndOldPackagesReadAsVersionOne()
    {
        using (SavePackage(Identity()))
        {
        }

        string directory = Path.Combine(_dir, "package");
        string manifestPath = Path.Combine(directory, ModelPackage.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        Assert.Equal(ModelInput.Version, (int)json["featureVersion"]!);
        using (var analyzer = NeuralAnalyzer.Load(directory))
        {
            Assert.Equal(ModelInput.Version, analyzer.FeatureVersion);
        }

        json.Remove("featureVersion"); // as written before manifests recorded it
        File.WriteAllText(manifestPath, json.ToJsonString());
        using (var old = NeuralAnalyzer.Load(directory))
        {
            Assert.Equal(ModelInput.UnrecordedVersion, old.FeatureVersion);
            Assert.Equal(1, old.FeatureVersion);
            var audio = new AudioBuffer(Samples(2.0, 220, seed: 6), Clips.Spec.SampleRate);
            Assert.Equal(64, old.Analyze(audio).Embedding.Length);
        }

        json["featureVersion"] = ModelInput.Version + 1;
        File.WriteAllText(manifestPath, json.ToJsonString());
        var e = Assert.Throws<ModelPackageException>(() => PackagedModel.Load(directory));
        Assert.Contains("Retrain", e.Message);
    }

    private static Normalization Identity() =>
        new(Clips.SampleRows, Clips.SampleCols, new float[Clips.SampleRows], [.. Enumerable.Repeat(1f, Clips.SampleRows)]);

    private PackagedModel SavePackage(Normalization normalization)
    {
        manual_seed(1);
        var options = JsonSerializer.SerializeToElement(new { filters = new[] { 4, 4, 4, 4 }, hidden = 64 });
        using var model = ModelFactory.Create("cnn4", Clips.InputShape, 3, options);
        string directory = Path.Combine(_dir, "package");
        PackagedModel.Save(directory, model, new ModelInput(Clips, normalization), ["low", "mid", "high"],
            new Dictionary<string, double>(), new TrainingDataSummary("tones", 3, 8, "all"));
        return PackagedModel.Load(directory);
    }

    private CorpusItem Tone(string id, double seconds, double hz, int seed)
    {
        string path = Path.Combine(_dir, $"{id}.wav");
        WavWriter.WriteFile(path, new AudioBuffer(Samples(seconds, hz, seed), Clips.Spec.SampleRate), WavSampleFormat.Float32);
        return new CorpusItem(path, id, id);
    }

    private static float[] Samples(double seconds, double hz, int seed)
    {
        var rng = new Random(seed);
        int rate = Clips.Spec.SampleRate;
        var x = new float[(int)(seconds * rate)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((0.4 * Math.Sin(2 * Math.PI * hz * i / rate)) + (0.05 * ((rng.NextDouble() * 2) - 1)));
        }

        return x;
    }
}
