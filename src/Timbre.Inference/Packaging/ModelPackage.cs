using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Timbre.Core.Errors;
using Timbre.Models;
using Timbre.Models.Common;

namespace Timbre.Inference.Packaging;

/// <summary>A loaded package: its manifest and the model with trained weights, in eval mode.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Model">The model.</param>
public sealed record LoadedModel(ModelManifest Manifest, TimbreModel Model);

/// <summary>
/// A trained model on disk: a folder with <c>weights.dat</c> (TorchSharp state dict) and <c>manifest.json</c>
/// (<see cref="ModelManifest"/>). Loading checks the Timbre major version, the weights' SHA-256 and — when the caller
/// says what it will feed — the feature kind, version and parameters; any mismatch is a <see cref="ModelPackageException"/>.
/// </summary>
public static class ModelPackage
{
    /// <summary>Weights file name.</summary>
    public const string WeightsFile = "weights.dat";

    /// <summary>Manifest file name.</summary>
    public const string ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(ModelFactory.Json) { WriteIndented = true };

    /// <summary>The running Timbre version (assembly informational version, without build metadata).</summary>
    public static string TimbreVersion { get; } =
        (typeof(ModelPackage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ModelPackage).Assembly.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// Writes <paramref name="model"/> into <paramref name="directory"/> (created if needed). Model kind and options
    /// come from the model; Timbre version, time (unless given) and checksum are set here. Returns the written manifest.
    /// </summary>
    public static ModelManifest Save(string directory, TimbreModel model, ModelManifest manifest)
    {
        string modelKind = ModelFactory.KindOf(model);
        if (manifest.Labels.Length != model.Options.Classes)
        {
            throw new InvalidOptionsException($"{manifest.Labels.Length} labels given for a model with {model.Options.Classes} classes.");
        }

        Directory.CreateDirectory(directory);
        string weights = Path.Combine(directory, WeightsFile);
        model.save(weights);
        var written = manifest with
        {
            ModelKind = modelKind,
            ModelOptions = ModelFactory.SerializeOptions(model.Options),
            TimbreVersion = TimbreVersion,
            CreatedUtc = manifest.CreatedUtc == default ? DateTimeOffset.UtcNow : manifest.CreatedUtc,
            WeightsSha256 = Sha256(weights),
        };
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(written, Json));
        return written;
    }

    /// <summary>Reads and checks the manifest only.</summary>
    public static ModelManifest ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new ModelPackageException(directory, $"no {ManifestFile}; not a Timbre model package.");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ModelPackageException(directory, $"{ManifestFile} is corrupt ({e.Message}).", e);
        }

        if (manifest is null || manifest.Labels is null || manifest.InputShape is null || manifest.Features is null
            || string.IsNullOrEmpty(manifest.ModelKind) || manifest.ModelOptions.ValueKind != JsonValueKind.Object)
        {
            throw new ModelPackageException(directory, $"{ManifestFile} lacks required fields.");
        }

        if (manifest.FormatVersion != 1)
        {
            throw new ModelPackageException(directory, $"package format {manifest.FormatVersion} is not supported (this Timbre reads format 1).");
        }

        if (Major(manifest.TimbreVersion) != Major(TimbreVersion))
        {
            throw new ModelPackageException(directory, $"made by Timbre {manifest.TimbreVersion}; this is Timbre {TimbreVersion} (major versions differ). Retrain the model.");
        }

        return manifest;
    }

    /// <summary>
    /// Loads the package. When <paramref name="expectedFeatures"/> is given, its kind, version and parameters must equal
    /// the manifest's.
    /// </summary>
    public static LoadedModel Load(string directory, FeatureSpec? expectedFeatures = null)
    {
        var manifest = ReadManifest(directory);
        if (expectedFeatures is not null)
        {
            CheckFeatures(directory, manifest.Features, expectedFeatures);
        }

        string weights = Path.Combine(directory, WeightsFile);
        if (!File.Exists(weights))
        {
            throw new ModelPackageException(directory, $"no {WeightsFile}.");
        }

        if (!string.Equals(Sha256(weights), manifest.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelPackageException(directory, $"{WeightsFile} does not match the manifest's SHA-256 (corrupt or replaced).");
        }

        TimbreModel model;
        try
        {
            var options = ModelFactory.CreateOptions(manifest.ModelKind, manifest.InputShape, manifest.Labels.Length, manifest.ModelOptions);
            model = ModelFactory.Create(manifest.ModelKind, options);
        }
        catch (InvalidOptionsException e)
        {
            throw new ModelPackageException(directory, $"the manifest's model settings are not usable: {e.Message}", e);
        }

        try
        {
            model.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new ModelPackageException(directory, $"{WeightsFile} does not fit a {manifest.ModelKind} model ({e.Message}).", e);
        }

        model.eval();
        return new LoadedModel(manifest, model);
    }

    private static void CheckFeatures(string directory, FeatureSpec actual, FeatureSpec expected)
    {
        if (actual.Kind != expected.Kind)
        {
            throw new ModelPackageException(directory, $"trained on '{actual.Kind}' features, but '{expected.Kind}' were given.");
        }

        if (actual.Version != expected.Version)
        {
            throw new ModelPackageException(directory, $"trained on feature version '{actual.Version}', but this Timbre computes '{expected.Version}'.");
        }

        foreach (var key in actual.Parameters.Keys.Union(expected.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            actual.Parameters.TryGetValue(key, out var a);
            expected.Parameters.TryGetValue(key, out var b);
            if (a != b)
            {
                throw new ModelPackageException(directory, $"trained with feature parameter {key} = {a ?? "(unset)"}, but {b ?? "(unset)"} was given.");
            }
        }
    }

    private static int Major(string version) =>
        int.TryParse(version.Split('.')[0], out int major) ? major : -1;

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
