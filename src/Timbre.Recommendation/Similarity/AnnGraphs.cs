using Timbre.Recommendation.Similarity.Hnsw;

namespace Timbre.Recommendation.Similarity;

/// <summary>Makes and opens the graph of the engine <see cref="AnnIndexOptions.Engine"/> asks for.</summary>
internal static class AnnGraphs
{
    public static IAnnGraph Create(int dimension, AnnIndexOptions options) => options.Engine switch
    {
        AnnEngine.Hnsw => new HnswGraph(dimension, options.Connectivity, options.ExpansionAdd, options.ExpansionSearch),
        _ => new USearchGraph(dimension, options),
    };

    /// <summary>The engine that wrote <paramref name="path"/> (by its first bytes).</summary>
    public static AnnEngine EngineOf(string path) => HnswGraph.IsHnswFile(path) ? AnnEngine.Hnsw : AnnEngine.USearch;

    /// <summary>True for a graph file of our own engine's first format, which opens into memory: saving it again writes the mapped format.</summary>
    public static bool IsOldFormat(string path) => File.Exists(path) && HnswGraph.IsOldFormat(path);

    /// <summary>Opens a saved graph of either engine; <paramref name="view"/> memory-maps it (our own engine's first file format is read into memory).</summary>
    public static IAnnGraph Open(string path, bool view)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No ANN graph at {path}.", path);
        }

        return EngineOf(path) == AnnEngine.Hnsw ? HnswGraph.Open(path, view) : USearchGraph.Open(path, view);
    }
}
