using System.Text.Json;

namespace Timbre.Inference.Packaging;

/// <summary>Features a model was trained on: kind, parameters and the caller's opaque feature version string.</summary>
/// <param name="Kind">Feature kind, e.g. "log-mel" or "mfcc" or "stats".</param>
/// <param name="Version">Opaque feature version (from the feature extractor); must match exactly on load.</param>
/// <param name="Parameters">Feature parameters (sample rate, n_fft, hop, bands…) as strings; must match exactly on load.</param>
public sealed record FeatureSpec(string Kind, string Version, IReadOnlyDictionary<string, string> Parameters);

/// <summary>What the model was trained on.</summary>
/// <param name="Corpus">Corpus name or path.</param>
/// <param name="Tracks">Tracks used.</param>
/// <param name="Clips">Training samples (clips/slices).</param>
/// <param name="Split">Split description, e.g. "train 80 % / validation 10 % / test 10 %, seed 42".</param>
public sealed record TrainingDataSummary(string Corpus, int Tracks, int Clips, string Split);

/// <summary>The manifest.json of a model package.</summary>
public sealed record ModelManifest
{
    /// <summary>Manifest format version (this layout is 1).</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Model kind as accepted by ModelFactory (e.g. "crnn"); filled in by ModelPackage.Save.</summary>
    public string ModelKind { get; init; } = "";

    /// <summary>The model's options record as JSON; filled in by ModelPackage.Save.</summary>
    public JsonElement ModelOptions { get; init; }

    /// <summary>Shape of one input sample, e.g. (1, 96, 1366).</summary>
    public required int[] InputShape { get; init; }

    /// <summary>True when outputs are independent sigmoids (multi-label), false for softmax.</summary>
    public bool MultiLabel { get; init; }

    /// <summary>Class labels in output order.</summary>
    public required string[] Labels { get; init; }

    /// <summary>The features the model expects.</summary>
    public required FeatureSpec Features { get; init; }

    /// <summary>
    /// Version of the input pipeline the model was trained on (clip slicing, features, pooling, z-scoring): the
    /// feature version of every analysis it makes. Null in packages written before manifests recorded it, which were
    /// all made by version 1.
    /// </summary>
    public int? FeatureVersion { get; init; }

    /// <summary>Training data summary, if known.</summary>
    public TrainingDataSummary? TrainingData { get; init; }

    /// <summary>Evaluation metrics by name (accuracy, macro-F1, AUC…).</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Timbre version that wrote the package; the major version must match on load.</summary>
    public string TimbreVersion { get; init; } = "";

    /// <summary>When the package was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Lower-case hex SHA-256 of weights.dat.</summary>
    public string WeightsSha256 { get; init; } = "";
}
