using Timbre.Core.Errors;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Models.Common;

namespace Timbre.Inference;

/// <summary>What a packaged model says about one track: mean clip softmax and mean clip embedding.</summary>
/// <param name="Probabilities">Genre probabilities (sum to 1), index = label; empty when the package has no classifier.</param>
/// <param name="Embedding">Mean of the clip embeddings.</param>
/// <param name="Clips">Clips the track was cut into.</param>
public sealed record TrackPrediction(float[] Probabilities, float[] Embedding, int Clips);

/// <summary>
/// A model package written by <c>timbre train</c> (<see cref="ModelPackage"/> plus <see cref="Normalization.FileName"/>),
/// loaded for inference on raw audio: the clips and z-scored features of <see cref="ModelInput"/> (the steps training
/// used), one forward pass per batch, clip outputs averaged. Not thread-safe (one TorchSharp module);
/// <see cref="NeuralAnalyzer"/> adds the lock.
/// </summary>
public sealed class PackagedModel : IDisposable
{
    internal PackagedModel(string directory, ModelManifest manifest, TimbreModel model, ModelInput input)
    {
        Directory = directory;
        Manifest = manifest;
        Model = model;
        Input = input;
    }

    /// <summary>The package folder.</summary>
    public string Directory { get; }

    /// <summary>The package manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The network, in eval mode.</summary>
    public TimbreModel Model { get; }

    /// <summary>Clips → z-scored model samples, as in training.</summary>
    public ModelInput Input { get; }

    /// <summary>Input representation.</summary>
    public Representation Representation => Input.Representation;

    /// <summary>Training-set z-scoring.</summary>
    public Normalization Normalization => Input.Normalization;

    /// <summary>Genre names, index = class.</summary>
    public IReadOnlyList<string> Labels => Manifest.Labels;

    /// <summary>The input pipeline version the package was trained with (<see cref="ModelManifest.FeatureVersion"/>).</summary>
    public int FeatureVersion => Manifest.FeatureVersion ?? ModelInput.UnrecordedVersion;

    /// <summary>Short identity: kind plus the first 12 hex digits of the weights' SHA-256.</summary>
    public string Id => $"{Manifest.ModelKind}-{Manifest.WeightsSha256[..Math.Min(12, Manifest.WeightsSha256.Length)]}";

    /// <summary>
    /// Writes a trained <paramref name="model"/> as a package into <paramref name="directory"/>: weights, manifest
    /// (features and <see cref="ModelInput.Version"/>) and the z-scoring statistics.
    /// </summary>
    public static ModelManifest Save(
        string directory, TimbreModel model, ModelInput input, IReadOnlyList<string> labels,
        IReadOnlyDictionary<string, double> metrics, TrainingDataSummary data)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(labels);
        var manifest = new ModelManifest
        {
            InputShape = input.Representation.InputShape,
            Labels = labels.ToArray(),
            Features = input.Representation.ToFeatureSpec(),
            FeatureVersion = ModelInput.Version,
            TrainingData = data,
            Metrics = new Dictionary<string, double>(metrics),
        };
        var written = ModelPackage.Save(directory, model, manifest);
        input.Normalization.Save(directory);
        return written;
    }

    /// <summary>Loads a package.</summary>
    /// <exception cref="ModelPackageException">Missing folder or files, corrupt, other Timbre or feature version.</exception>
    public static PackagedModel Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ModelPackageException(directory, "no such folder; give the folder timbre train wrote.");
        }

        var manifest = ModelPackage.ReadManifest(directory);
        if ((manifest.FeatureVersion ?? ModelInput.UnrecordedVersion) != ModelInput.Version)
        {
            throw new ModelPackageException(directory, $"trained on input pipeline version {manifest.FeatureVersion}; this Timbre computes version {ModelInput.Version}. Retrain the model.");
        }

        ModelInput input;
        try
        {
            input = new ModelInput(Representation.FromFeatureSpec(manifest.Features), Normalization.Load(directory));
        }
        catch (InvalidOptionsException e)
        {
            throw new ModelPackageException(directory, e.Message, e);
        }

        var loaded = ModelPackage.Load(directory, input.Representation.ToFeatureSpec());
        return new PackagedModel(directory, loaded.Manifest, loaded.Model, input);
    }

    /// <summary>
    /// The z-scored features of every clip of <paramref name="samples"/> (mono, at the package's sample rate), as
    /// <see cref="ModelInput.FromAudio"/> computes them.
    /// </summary>
    public (float[] Features, int Clips) ClipFeatures(ReadOnlySpan<float> samples) => Input.FromAudio(samples);

    /// <summary>Predicts one track: mean clip softmax and mean clip embedding.</summary>
    public TrackPrediction Predict(ReadOnlySpan<float> samples)
    {
        var (features, clips) = ClipFeatures(samples);
        return Predict(features, clips);
    }

    /// <summary>
    /// Predicts a track from its <see cref="ClipFeatures"/>: one forward pass per batch of clips. Probabilities are
    /// empty for a package without a classifier (no labels, e.g. a self-supervised <c>contrastive</c> encoder).
    /// </summary>
    public TrackPrediction Predict(float[] features, int clips)
    {
        var outputs = ForwardPass.Run(Model, features, Representation.InputShape, Manifest.MultiLabel);
        float[] probabilities = Labels.Count == 0 ? [] : MeanRows(outputs.Probabilities);
        return new TrackPrediction(probabilities, MeanRows(outputs.Embeddings), clips);
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();

    private static float[] MeanRows(float[,] matrix)
    {
        int n = matrix.GetLength(0), w = matrix.GetLength(1);
        var mean = new float[w];
        for (int j = 0; j < w; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += matrix[i, j];
            }

            mean[j] = (float)(sum / n);
        }

        return mean;
    }
}
