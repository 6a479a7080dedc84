using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Inference;
using Timbre.Models;
using Timbre.Models.Common;
using Timbre.Training.Data;
using Timbre.Training.Training;

namespace Timbre.Web.Tests.Support;

/// <summary>
/// A real, tiny genre model for tests: an MLP (TorchSharp, seed 42) trained at fixture setup on the DSP summary
/// vectors of a test library's clips with their family as the genre label. Embedding = the MLP's hidden layer,
/// genre probabilities = its softmax. Takes a few seconds; stands in until a trained package is cheap to make.
/// </summary>
internal sealed class TinyGenreAnalyzer : ITrackAnalyzer, IDisposable
{
    private readonly SummaryFeatureAnalyzer _summary = new();
    private readonly TimbreModel _model;
    private readonly int[] _shape;
    private readonly Lock _gate = new();

    private TinyGenreAnalyzer(TimbreModel model, int[] shape, IReadOnlyList<string> labels)
    {
        _model = model;
        _shape = shape;
        GenreLabels = labels;
    }

    public string ModelId => "test-mlp";

    public int FeatureVersion => _summary.FeatureVersion;

    public int SampleRate => _summary.SampleRate;

    public IReadOnlyList<string> GenreLabels { get; }

    /// <summary>Trains on <paramref name="clips"/> (mono at the summary analyzer's rate) labelled by index into <paramref name="labels"/>.</summary>
    public static TinyGenreAnalyzer Train(IReadOnlyList<(float[] Samples, int Label)> clips, IReadOnlyList<string> labels)
    {
        var summary = new SummaryFeatureAnalyzer();
        var vectors = clips.Select(c => summary.Analyze(new AudioBuffer(c.Samples, summary.SampleRate)).Embedding).ToList();
        var length = vectors[0].Length;
        var features = vectors.SelectMany(v => v).ToArray();
        var data = new TensorDataset(features, [length], clips.Select(c => c.Label).ToArray(), labels.Count);
        var options = JsonSerializer.SerializeToElement(new { hidden = 32 }, ModelFactory.Json);
        var model = ModelFactory.Create("mlp", [length], labels.Count, options);
        new Trainer(new TrainerOptions { Epochs = 150, Patience = 150, LearningRate = 0.01, BatchSize = clips.Count, Seed = 42, Threads = 1 })
            .Fit(model, data);
        return new TinyGenreAnalyzer(model, [length], labels);
    }

    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
    {
        var summary = _summary.Analyze(audio, cancellationToken);
        float[,] probabilities, embedding;
        lock (_gate)
        {
            probabilities = ForwardPass.Predict(_model, summary.Embedding, _shape);
            embedding = ForwardPass.Embed(_model, summary.Embedding, _shape);
        }

        return new TrackAnalysis(Row(embedding), Row(probabilities), summary.SummaryFeatures);
    }

    public void Dispose() => _model.Dispose();

    private static float[] Row(float[,] m)
    {
        var row = new float[m.GetLength(1)];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = m[0, j];
        }

        return row;
    }
}
