using System.Buffers.Binary;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// An <see cref="AnnIndex"/> graph persisted next to the catalog: <c>NAME.hnsw</c> or <c>NAME.usearch</c> (the graph
/// of <see cref="AnnIndexOptions.Engine"/>, opened memory-mapped) and <c>NAME.….rows</c> (magic, dimension, count, graph file length, then per row its track id
/// and a 64-bit hash of its vector). On open the rows are compared with the catalog's: a graph holding other vectors
/// for a few tracks takes only those changes (removes and adds); a missing, unreadable, torn or too different pair is
/// rebuilt, saying why on the log. Saves write both files under temporary names and rename them into place.
/// </summary>
internal static class AnnGraphFile
{
    private const uint Magic = 0x314E4154; // "TAN1"
    private const int HeaderBytes = 4 + 4 + 4 + 8;
    private static readonly Lock SaveLock = new();

    /// <summary>Rows (id, vector hash) of an exact index.</summary>
    public static (long Id, ulong Hash)[] RowsOf(SimilarityIndex exact)
    {
        var rows = new (long, ulong)[exact.Count];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = (exact.IdAt(r), exact.RowHash(r));
        }

        return rows;
    }

    /// <summary>
    /// The saved graph moved onto the rows of <paramref name="exact"/>, or null (with the reason on
    /// <paramref name="log"/>) when there is none or it must be rebuilt.
    /// </summary>
    public static IAnnGraph? TryOpen(SimilarityIndex exact, string path, AnnIndexOptions options, Action<string> log)
    {
        if (!File.Exists(path) || !File.Exists(RowsPath(path)))
        {
            log($"ANN graph: none at {path}; building it over {exact.Count} tracks in the background.");
            return null;
        }

        try
        {
            if (AnnGraphs.EngineOf(path) != options.Engine)
            {
                log($"ANN graph: {path} was written by another engine than {options.Engine}; rebuilding.");
                return null;
            }

            var (dimension, graphLength, saved) = ReadRows(RowsPath(path));
            if (dimension != exact.Dimension || graphLength != new FileInfo(path).Length)
            {
                log($"ANN graph: {path} is stale or torn (dimension {dimension} vs {exact.Dimension}, or its rows file belongs to another save); rebuilding.");
                return null;
            }

            var current = RowsOf(exact);
            var (added, removed) = Diff(saved, current);
            var limit = Math.Max(1_000, exact.Count / 5);
            if (added.Count + removed.Count > limit)
            {
                log($"ANN graph: {path} differs from the catalog in {added.Count} added and {removed.Count} removed vectors (more than {limit}); rebuilding.");
                return null;
            }

            var graph = AnnGraphs.Open(path, view: true);
            if (graph.Count != saved.Length || graph.Dimension != exact.Dimension)
            {
                var held = graph.Count;
                graph.Dispose();
                log($"ANN graph: {path} holds {held} rows but its rows file {saved.Length}; rebuilding.");
                return null;
            }

            if (removed.Count > 0)
            {
                graph.Remove(removed);
            }

            if (added.Count > 0)
            {
                graph.Add(added, i => exact.VectorAt(exact.RowOf(added[i])), options.BuildThreads);
            }

            log($"ANN graph: opened {path} ({exact.Count} tracks, {added.Count} added, {removed.Count} removed since it was saved).");
            return graph;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException or Cloud.Unum.USearch.USearchException or ArgumentException)
        {
            log($"ANN graph: {path} is unreadable ({e.Message}); rebuilding.");
            return null;
        }
    }

    /// <summary>Writes the graph and the rows it holds (<paramref name="rows"/>) atomically; false when the graph moved on meanwhile.</summary>
    public static bool Save(IAnnGraph graph, long version, (long Id, ulong Hash)[] rows, int dimension, string path)
    {
        lock (SaveLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var tmp = path + ".tmp";
            if (!graph.SaveIfVersion(tmp, version))
            {
                return false;
            }

            var rowsTmp = RowsPath(path) + ".tmp";
            WriteRows(rowsTmp, dimension, new FileInfo(tmp).Length, rows);
            File.Move(tmp, path, overwrite: true);
            File.Move(rowsTmp, RowsPath(path), overwrite: true);
            return true;
        }
    }

    private static string RowsPath(string path) => path + ".rows";

    private static (List<long> Added, List<long> Removed) Diff((long Id, ulong Hash)[] saved, (long Id, ulong Hash)[] current)
    {
        var before = new Dictionary<long, ulong>(saved.Length);
        foreach (var (id, hash) in saved)
        {
            before[id] = hash;
        }

        var added = new List<long>();
        var removed = new List<long>();
        var seen = new HashSet<long>();
        foreach (var (id, hash) in current)
        {
            seen.Add(id);
            if (!before.TryGetValue(id, out var old))
            {
                added.Add(id);
            }
            else if (old != hash)
            {
                removed.Add(id); // the vector changed (re-analysed, new embedding space): take it out and in again
                added.Add(id);
            }
        }

        removed.AddRange(before.Keys.Where(id => !seen.Contains(id)));
        return (added, removed);
    }

    private static void WriteRows(string path, int dimension, long graphLength, (long Id, ulong Hash)[] rows)
    {
        var bytes = new byte[HeaderBytes + (rows.Length * 16L)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), dimension);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), rows.Length);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), graphLength);
        for (var i = 0; i < rows.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(HeaderBytes + (i * 16)), rows[i].Id);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(HeaderBytes + (i * 16) + 8), rows[i].Hash);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static (int Dimension, long GraphLength, (long Id, ulong Hash)[] Rows) ReadRows(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"{path} is not a Timbre ANN rows file");
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (count < 0 || bytes.Length != HeaderBytes + (count * 16L))
        {
            throw new InvalidDataException($"{path} has {bytes.Length} bytes, not the {count} rows it announces");
        }

        var rows = new (long, ulong)[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(HeaderBytes + (i * 16))), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(HeaderBytes + (i * 16) + 8)));
        }

        return (dimension, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12)), rows);
    }
}
