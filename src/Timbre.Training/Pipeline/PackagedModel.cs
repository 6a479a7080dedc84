using Timbre.Core.Analysis;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Models.Common;
using Timbre.Training.Packaging;
using Timbre.Training.Training;

namespace Timbre.Training.Pipeline;

/// <summary>What a packaged model says about one track: mean clip softmax and mean clip embedding.</summary>
/// <param name="Probabilities">Genre probabilities (sum to 1), index = label; empty when the package has no classifier.</param>
/// <param name="Embedding">Mean of the clip embeddings.</param>
/// <param name="Clips">Clips the track was cut into.</param>
public sealed record TrackPrediction(float[] Probabilities, float[] Embedding, int Clips);

/// <summary>
/// A model package written by <c>timbre train</c> (<see cref="ModelPackage"/> plus <see cref="Normalization.FileName"/>),
/// loaded for inference on raw audio: cut into the package's clips, compute its features, z-score, run the model,
/// average. Not thread-safe (one TorchSharp module); <see cref="NeuralAnalyzer"/> adds the lock.
/// </summary>
public sealed class PackagedModel : IDisposable
{
    private readonly FeatureExtractor _extractor;

    private PackagedModel(string directory, LoadedModel loaded, Representation representation, Normalization normalization)
    {
        Directory = directory;
        Manifest = loaded.Manifest;
        Model = loaded.Model;
        Representation = representation;
        Normalization = normalization;
        _extractor = new FeatureExtractor(representation.Spec);
    }

    /// <summary>The package folder.</summary>
    public string Directory { get; }

    /// <summary>The package manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The network, in eval mode.</summary>
    public TimbreModel Model { get; }

    /// <summary>Input representation.</summary>
    public Representation Representation { get; }

    /// <summary>Training-set z-scoring.</summary>
    public Normalization Normalization { get; }

    /// <summary>Genre names, index = class.</summary>
    public IReadOnlyList<string> Labels => Manifest.Labels;

    /// <summary>Short identity: kind plus the first 12 hex digits of the weights' SHA-256.</summary>
    public string Id => $"{Manifest.ModelKind}-{Manifest.WeightsSha256[..Math.Min(12, Manifest.WeightsSha256.Length)]}";

    /// <summary>Writes <paramref name="trained"/> as a package into <paramref name="directory"/>.</summary>
    public static ModelManifest Save(string directory, TrainedModel trained, IReadOnlyDictionary<string, double> metrics, TrainingDataSummary data)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var manifest = new ModelManifest
        {
            InputShape = trained.Representation.InputShape,
            Labels = trained.Labels.ToArray(),
            Features = trained.Representation.ToFeatureSpec(),
            TrainingData = data,
            Metrics = new Dictionary<string, double>(metrics),
        };
        var written = ModelPackage.Save(directory, trained.Model, manifest);
        trained.Normalization.Save(directory);
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
        Representation representation;
        try
        {
            representation = Representation.FromFeatureSpec(manifest.Features);
        }
        catch (InvalidOptionsException e)
        {
            throw new ModelPackageException(directory, e.Message, e);
        }

        var normalization = Normalization.Load(directory);
        if (normalization.Rows != representation.SampleRows || normalization.Cols != representation.SampleCols)
        {
            throw new ModelPackageException(directory, $"{Normalization.FileName} is for {normalization.Rows}×{normalization.Cols} samples, the model takes {representation.SampleRows}×{representation.SampleCols}.");
        }

        var loaded = ModelPackage.Load(directory, representation.ToFeatureSpec());
        return new PackagedModel(directory, loaded, representation, normalization);
    }

    /// <summary>
    /// The z-scored features of every clip of <paramref name="samples"/> (mono, at the package's sample rate):
    /// non-overlapping clips (or the package's clip hop), a track shorter than one clip is zero-padded to one clip;
    /// the summary representation uses the whole track.
    /// </summary>
    public (float[] Features, int Clips) ClipFeatures(ReadOnlySpan<float> samples)
    {
        if (samples.Length == 0)
        {
            throw new AnalysisException("no audio samples");
        }

        int size = Representation.SampleSize;
        var raw = new float[_extractor.ValuesPerClip];
        var spec = Representation.Spec;
        if (Representation.WholeTrack)
        {
            var whole = _extractor.Compute(samples);
            Normalization.Apply(whole);
            return (whole, 1);
        }

        int clip = spec.ClipSamples;
        int hop = Math.Max(1, (int)Math.Round((spec.ClipHopSeconds ?? spec.ClipSeconds!.Value) * spec.SampleRate));
        int count = samples.Length < clip ? 1 : 1 + ((samples.Length - clip) / hop);
        var features = new float[count * size];
        var padded = samples.Length < clip ? new float[clip] : null;
        if (padded is not null)
        {
            samples.CopyTo(padded);
        }

        for (int c = 0; c < count; c++)
        {
            ReadOnlySpan<float> audio = padded ?? samples.Slice(c * hop, clip);
            var output = features.AsSpan(c * size, size);
            _extractor.Compute(audio, raw);
            Representation.ToSample(raw, output);
            Normalization.Apply(output);
        }

        return (features, count);
    }

    /// <summary>Predicts one track: mean clip softmax and mean clip embedding.</summary>
    public TrackPrediction Predict(ReadOnlySpan<float> samples)
    {
        var (features, clips) = ClipFeatures(samples);
        var embeddings = Inference.Embed(Model, features, Representation.InputShape);
        return new TrackPrediction(Probabilities(features), MeanRows(embeddings), clips);
    }

    /// <summary>
    /// The mean clip probabilities of z-scored <paramref name="features"/>; empty for a package without a classifier
    /// (no labels, e.g. a self-supervised <c>contrastive</c> encoder).
    /// </summary>
    public float[] Probabilities(float[] features) =>
        Labels.Count == 0 ? [] : MeanRows(Inference.Predict(Model, features, Representation.InputShape, Manifest.MultiLabel));

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
