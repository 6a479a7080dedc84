using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timbre.Evaluation.Reports;

/// <summary>report.json: <see cref="EvaluationReport"/> as indented camelCase JSON (NaN written as "NaN").</summary>
public static class ReportJson
{
    /// <summary>The serializer options used for reports.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps "×", "±" readable
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serialises the report to a JSON string.</summary>
    public static string Serialize(EvaluationReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Parses a report from JSON; throws <see cref="JsonException"/> on malformed input.</summary>
    public static EvaluationReport Deserialize(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Options)
        ?? throw new JsonException("report.json holds null.");

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8), creating the directory if needed.</summary>
    public static void Write(EvaluationReport report, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, Serialize(report));
    }

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    public static EvaluationReport Read(string path) => Deserialize(File.ReadAllText(path));
}
