namespace Timbre.Recommendation.Similarity;

/// <summary>
/// The HNSW graph behind <see cref="AnnIndex"/>, keyed by track id, over unit vectors: USearch's
/// (<see cref="USearchGraph"/>) or our own (<see cref="Hnsw.HnswGraph"/>), chosen by <see cref="AnnIndexOptions.Engine"/>.
/// Searches may run concurrently; adds and removes exclude them.
/// </summary>
internal interface IAnnGraph : IDisposable
{
    int Dimension { get; }

    /// <summary>Live rows (removed ones excluded).</summary>
    int Count { get; }

    /// <summary>Bumped by every change, so an index built on an older state knows the graph moved on.</summary>
    long Version { get; }

    /// <summary>The search expansion (ef) as last set; -1 when unknown.</summary>
    int ExpansionSearch { get; }

    /// <summary>True while the graph is read from its file through a mapping (not held in the heap).</summary>
    bool IsMapped { get; }

    /// <summary>Bytes the graph takes by its own accounting.</summary>
    long MemoryUsage { get; }

    bool Contains(long id);

    /// <summary>Adds rows; <paramref name="vectorOf"/> gives row i's unit vector; an engine may insert with up to <paramref name="threads"/> threads.</summary>
    void Add(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads = 1);

    void Remove(IEnumerable<long> ids);

    /// <summary>Sets the search expansion (ef) for every later search.</summary>
    void SetExpansionSearch(int expansion);

    /// <summary>Writes up to <paramref name="keys"/>.Length nearest keys of a unit query, nearest first; returns how many.</summary>
    int Search(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances);

    /// <summary>Saves when the graph is still at <paramref name="version"/>; false otherwise.</summary>
    bool SaveIfVersion(string path, long version);

    void Save(string path);
}

/// <summary>What every <see cref="IAnnGraph"/> answers the same way, whatever its engine.</summary>
internal static class AnnGraphSearch
{
    /// <summary>Up to <paramref name="count"/> nearest keys of a unit query, nearest first.</summary>
    public static ulong[] Search(this IAnnGraph graph, ReadOnlySpan<float> unitQuery, int count)
    {
        var keys = new ulong[count];
        var found = graph.Search(unitQuery, keys, new float[count]);
        return found == keys.Length ? keys : keys[..found];
    }
}
