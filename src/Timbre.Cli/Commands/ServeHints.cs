using System.Globalization;
using Timbre.Analyzers;
using Timbre.Core.Catalog;

namespace Timbre.Cli.Commands;

/// <summary>What <c>timbre serve</c> tells a user whose catalog has no analyses by the model it serves.</summary>
public static class ServeHints
{
    /// <summary>
    /// The hint for a catalog with no analyses by <paramref name="modelId"/>: the sets it does hold (largest first) and
    /// the option that serves one, or the scan that fills it when it holds none.
    /// </summary>
    public static string NoAnalyses(string model, string modelId, string catalog, IReadOnlyList<AnalysisSetInfo> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var held = sets.Where(s => s.Count > 0).OrderByDescending(s => s.Count).ThenBy(s => s.ModelId, StringComparer.Ordinal).ToList();
        if (held.Count == 0)
        {
            return $"No analyses in this catalog yet: run timbre scan LIBRARY --catalog {catalog} --model {model}";
        }

        var list = string.Join(", ", held.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.ModelId}@v{s.FeatureVersion} ({s.Count} tracks)")));
        var first = held[0].ModelId;
        var how = first == SummaryFeatureAnalyzer.Id
            ? "serve it with --model summary"
            : $"serve it with --model and the model package that scan used for '{first}'";
        return $"No analyses by {modelId} in this catalog; it holds {list}: {how}, or run timbre scan LIBRARY --catalog {catalog} --model {model}";
    }
}
