using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timbre.Recommendation.Metric;

/// <summary>Where a stored projection came from: the analysis set it takes and what it was trained on.</summary>
/// <param name="ModelId">Model id of the analysis set whose embeddings it takes (e.g. "summary").</param>
/// <param name="FeatureVersion">Feature version of that set.</param>
/// <param name="Grouping">What the groups were ("album", "artist", "folder").</param>
/// <param name="Tracks">Tracks it was fitted on.</param>
/// <param name="Groups">Distinct groups among them.</param>
/// <param name="Preferences">Users whose likes/dislikes were used.</param>
public sealed record MetricProvenance(string ModelId, int FeatureVersion, string Grouping, int Tracks, int Groups, int Preferences);

/// <summary>
/// Reads and writes a <see cref="MetricProjection"/> as a small JSON document
/// (<c>{"format":"timbre-metric","version":1,"provenance":{…},"method":"lda","center":[…],"scale":[…],"clip":5,"weights":[[…],…]}</c>).
/// </summary>
public static class MetricProjectionFile
{
    /// <summary>The <c>format</c> value of every file.</summary>
    public const string Format = "timbre-metric";

    /// <summary>The layout version written.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes the projection with its provenance to <paramref name="path"/> (folders are created).</summary>
    public static void Write(string path, MetricProjection projection, MetricProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var document = new Document(Format, Version, provenance, projection.Method, projection.Center, projection.Scale, projection.Clip, projection.Weights);
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
    }

    /// <summary>Reads a projection and its provenance.</summary>
    /// <exception cref="MetricLearningException">The file is missing, not a metric file, or inconsistent (the message names it).</exception>
    public static (MetricProjection Projection, MetricProvenance Provenance) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MetricLearningException($"Metric file {path} does not exist.");
        }

        Document? d;
        try
        {
            d = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new MetricLearningException($"Metric file {path} is not valid JSON: {e.Message}");
        }

        if (d is null || d.Format != Format || d.Version != Version || d.Provenance is null || d.Center is null || d.Scale is null || d.Weights is null)
        {
            throw new MetricLearningException($"{path} is not a {Format} file of version {Version}.");
        }

        var dim = d.Center.Length;
        if (dim == 0 || d.Scale.Length != dim || d.Weights.Length == 0 || d.Weights.Any(r => r is null || r.Length != dim) || d.Scale.Any(s => !(s > 0)) || d.Clip is <= 0)
        {
            throw new MetricLearningException($"Metric file {path} is inconsistent: centre, scale and every weight row must have the same length and scales must be positive.");
        }

        return (new MetricProjection { Method = d.Method, Center = d.Center, Scale = d.Scale, Clip = d.Clip, Weights = d.Weights }, d.Provenance);
    }

    private sealed record Document(
        string Format, int Version, MetricProvenance Provenance, MetricMethod Method, float[] Center, float[] Scale, double? Clip, float[][] Weights);
}
