using System.Text.Encodings.Web;
using System.Text.Json;

namespace Timbre.Cli;

/// <summary>
/// The <c>--json</c> output of commands that print one document: camelCase, indented, on stdout and nothing else there
/// (progress and errors go to stderr), so <c>timbre … --json | jq</c> works.
/// </summary>
internal static class CliJson
{
    /// <summary>camelCase names, indentation, non-ASCII (tags, file names) kept readable.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="document"/> to stdout.</summary>
    public static void Write<T>(T document) => Console.Out.WriteLine(JsonSerializer.Serialize(document, Options));
}
