using Timbre.Core.Analysis;
using Timbre.Core.Audio;

namespace Timbre.Inference;

/// <summary>
/// <see cref="ITrackAnalyzer"/> over a trained model package: decode elsewhere, then clips → features → one forward
/// pass per batch of clips; embedding = mean of the clip embeddings, genre probabilities = mean of the clip softmax.
/// The feature version is the package's own (<see cref="PackagedModel.FeatureVersion"/>). Thread-safe: calls into
/// the single TorchSharp module are serialised by a lock (feature extraction runs outside it, in parallel).
/// No summary features are produced (empty array); a package without a classifier (no labels, e.g. a self-supervised
/// <c>contrastive</c> encoder) gives empty genre probabilities too.
/// </summary>
public sealed class NeuralAnalyzer : ITrackAnalyzer, IDisposable
{
    private readonly PackagedModel _model;
    private readonly Lock _gate = new();

    /// <summary>Wraps a loaded package (ownership passes to the analyzer).</summary>
    public NeuralAnalyzer(PackagedModel model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>Loads the package at <paramref name="directory"/>.</summary>
    public static NeuralAnalyzer Load(string directory) => new(PackagedModel.Load(directory));

    /// <inheritdoc/>
    public string ModelId => _model.Id;

    /// <inheritdoc/>
    public int FeatureVersion => _model.FeatureVersion;

    /// <inheritdoc/>
    public int SampleRate => _model.Representation.Spec.SampleRate;

    /// <inheritdoc/>
    public IReadOnlyList<string> GenreLabels => _model.Labels;

    /// <inheritdoc/>
    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRate != SampleRate)
        {
            throw new AnalysisException($"audio is at {audio.SampleRate} Hz, model {ModelId} needs {SampleRate} Hz");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (features, clips) = _model.ClipFeatures(audio.Samples);
        TrackPrediction prediction;
        lock (_gate)
        {
            prediction = _model.Predict(features, clips);
        }

        return new TrackAnalysis(prediction.Embedding, prediction.Probabilities, []);
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => _model.Dispose();
}
