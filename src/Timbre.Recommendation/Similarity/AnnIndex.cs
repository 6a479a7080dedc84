using System.Buffers;
using System.Collections.Concurrent;
using Timbre.Core.Errors;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Approximate cosine nearest-neighbour index for large catalogs: an HNSW graph (keyed by track id; our own
/// <see cref="Hnsw.HnswGraph"/> or USearch's, see <see cref="AnnIndexOptions.Engine"/>) proposes
/// <see cref="AnnIndexOptions.OverFetch"/>·k candidates, which are re-scored exactly in float32 against the rows of an
/// exact <see cref="SimilarityIndex"/>; the best k are returned. Rows, vectors, <see cref="ScoreAll"/> and scores are
/// the exact index's, so only a candidate the graph misses can change a result. When the graph yields too few rows
/// (many exclusions, unreachable nodes) the search falls back to the exact scan, as it does while a graph made by
/// <see cref="ChooseFor"/> is still being built in the background.
/// </summary>
/// <remarks>
/// <c>WithRows</c> updates the graph in place (adds and removes, no rebuild) and shares it with the new index:
/// an older index keeps its own rows and skips graph keys it does not hold, so it stays correct but may miss tracks
/// removed since. Updating an older index again rebuilds a private graph.
/// </remarks>
public sealed class AnnIndex : ISimilarityIndex
{
    private const int StackKeys = 256;
    private static readonly ConcurrentDictionary<string, AnnIndex> PendingSaves = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> Savers = new(StringComparer.Ordinal);
    private readonly SimilarityIndex _exact;
    private readonly Task<(IAnnGraph Graph, long Version)> _graph;
    private readonly AnnIndexOptions _options;

    /// <summary>Builds the graph over the rows of <paramref name="exact"/> (cosine, vectors already normalised).</summary>
    public AnnIndex(SimilarityIndex exact, AnnIndexOptions? options = null)
        : this(exact, Task.FromResult(NewGraph(exact, options)), options)
    {
    }

    private AnnIndex(SimilarityIndex exact, IAnnGraph graph, AnnIndexOptions? options)
        : this(exact, Task.FromResult((graph, graph.Version)), options)
    {
    }

    private AnnIndex(SimilarityIndex exact, Task<(IAnnGraph Graph, long Version)> graph, AnnIndexOptions? options)
    {
        _exact = exact;
        _graph = graph;
        _options = (options ?? AnnIndexOptions.Default).Validate();
    }

    /// <summary>
    /// The index over <paramref name="exact"/> that the product searches: this approximate index when the rows reach
    /// <see cref="AnnIndexOptions.Threshold"/> and the metric is cosine, otherwise <paramref name="exact"/> itself.
    /// The graph is built in the background (a catalog's start-up does not wait for it); until it is
    /// <see cref="Ready"/>, searches are exact. With <see cref="AnnIndexOptions.GraphFile"/> the saved graph is opened
    /// instead (memory-mapped; the few tracks added, removed or changed since its save are applied) and a graph that
    /// had to be built is saved there.
    /// </summary>
    public static ISimilarityIndex ChooseFor(SimilarityIndex exact, AnnIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(exact);
        var o = (options ?? AnnIndexOptions.Default).Validate();
        return exact.Count >= o.Threshold && exact.Metric == SimilarityMetric.Cosine ? InBackground(exact, o) : exact;
    }

    /// <summary>Completes when the graph is built (at once for an index made by the constructor or <see cref="Open"/>).</summary>
    public Task Ready => _graph;

    /// <summary>True once the graph is built and searches go through it (false while building or after a failed build).</summary>
    public bool IsReady => _graph.IsCompletedSuccessfully;

    /// <summary>Changes made to the graph since it was built or opened (adds and removes count one each); -1 while building.</summary>
    public long GraphVersion => IsReady ? _graph.Result.Graph.Version : -1;

    /// <summary>
    /// Opens a graph written by <see cref="Save"/> for the rows of <paramref name="exact"/>; with
    /// <paramref name="view"/> the file is memory-mapped (no copy, fast start; changes copy only the pages they write). Throws
    /// <see cref="InvalidDataException"/> when the graph does not hold exactly the ids of <paramref name="exact"/>.
    /// </summary>
    public static AnnIndex Open(SimilarityIndex exact, string path, AnnIndexOptions? options = null, bool view = true)
    {
        ArgumentNullException.ThrowIfNull(exact);
        CheckCosine(exact);
        var graph = AnnGraphs.Open(path, view);
        if (graph.Dimension != exact.Dimension || graph.Count != exact.Count)
        {
            throw new InvalidDataException($"Graph {path} has {graph.Count} rows of dimension {graph.Dimension}, the catalog {exact.Count} of {exact.Dimension}.");
        }

        for (var r = 0; r < exact.Count; r++)
        {
            if (!graph.Contains(exact.IdAt(r)))
            {
                throw new InvalidDataException($"Graph {path} lacks track {exact.IdAt(r)}; rebuild it.");
            }
        }

        return new AnnIndex(exact, graph, options);
    }

    /// <summary>The exact index whose rows this index re-ranks with.</summary>
    public SimilarityIndex Exact => _exact;

    /// <summary>The options the index was built with.</summary>
    public AnnIndexOptions Options => _options;

    /// <inheritdoc />
    public int Count => _exact.Count;

    /// <inheritdoc />
    public int Dimension => _exact.Dimension;

    /// <inheritdoc />
    public SimilarityMetric Metric => SimilarityMetric.Cosine;

    /// <inheritdoc />
    public long IdAt(int row) => _exact.IdAt(row);

    /// <inheritdoc />
    public int RowOf(long id) => _exact.RowOf(id);

    /// <inheritdoc />
    public ReadOnlySpan<float> VectorAt(int row) => _exact.VectorAt(row);

    /// <inheritdoc />
    public float ScoreRows(int a, int b) => _exact.ScoreRows(a, b);

    /// <inheritdoc />
    public void ScoreAll(ReadOnlySpan<float> query, Span<float> scores) => _exact.ScoreAll(query, scores);

    /// <summary>True once the graph is ready and read from its file through a mapping rather than held in the heap.</summary>
    public bool GraphIsMapped => IsReady && _graph.Result.Graph.IsMapped;

    /// <summary>Bytes the built graph takes in its engine's own accounting (vectors, links, key table); -1 while building.</summary>
    public long GraphBytes => IsReady ? _graph.Result.Graph.MemoryUsage : -1;

    /// <summary>
    /// This index with other search settings (<see cref="AnnIndexOptions.ExpansionSearch"/> and
    /// <see cref="AnnIndexOptions.OverFetch"/>) over the same graph and rows, for tuning and benchmarks. The graph's
    /// expansion is global: indexes sharing it with different settings reset it on each search.
    /// </summary>
    public AnnIndex WithSearchSettings(int expansionSearch, int overFetch)
        => new(_exact, _graph, _options with { ExpansionSearch = expansionSearch, OverFetch = overFetch });

    /// <summary>Writes the graph to <paramref name="path"/> (the float32 rows come from the catalog on <see cref="Open"/>).</summary>
    public void Save(string path) => _graph.Result.Graph.Save(path);

    /// <inheritdoc />
    public IReadOnlyList<Neighbor> Search(ReadOnlySpan<float> query, int k, IReadOnlySet<long>? excludeIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var q = Prepare(query);
        if (k == 0 || Count == 0)
        {
            return [];
        }

        if (!_graph.IsCompletedSuccessfully)
        {
            return _exact.Search(query, k, excludeIds); // graph still being built (or its build failed): exact answer
        }

        var graph = Graph();
        var fetch = (int)Math.Min(Count, ((long)k * _options.OverFetch) + (excludeIds?.Count ?? 0));
        while (true)
        {
            var heap = new TopKHeap(Math.Min(k, Count));
            Rescore(graph, q, fetch, heap, excludeIds);
            if (heap.Count == heap.Capacity)
            {
                var sorted = heap.ToSortedArray();
                var result = new Neighbor[sorted.Length];
                for (var i = 0; i < sorted.Length; i++)
                {
                    result[i] = new Neighbor(sorted[i].Row, _exact.IdAt(sorted[i].Row), sorted[i].Score);
                }

                return result;
            }

            if (fetch >= Count)
            {
                return _exact.Search(query, k, excludeIds); // the graph cannot give k rows: the exact answer
            }

            fetch = (int)Math.Min(Count, 2L * fetch);
        }
    }

    /// <summary>Asks the graph for <paramref name="fetch"/> candidates and offers each, scored exactly, to <paramref name="heap"/>.</summary>
    private void Rescore(IAnnGraph graph, float[] q, int fetch, TopKHeap heap, IReadOnlySet<long>? excludeIds)
    {
        var rented = fetch > StackKeys ? ArrayPool<ulong>.Shared.Rent(fetch) : null;
        var rentedDistances = fetch > StackKeys ? ArrayPool<float>.Shared.Rent(fetch) : null;
        try
        {
            var keys = rented is null ? stackalloc ulong[fetch] : rented.AsSpan(0, fetch);
            var distances = rentedDistances is null ? stackalloc float[fetch] : rentedDistances.AsSpan(0, fetch);
            var found = graph.Search(q, keys, distances);
            foreach (var key in keys[..found])
            {
                var row = _exact.RowOf(unchecked((long)key));
                if (row < 0 || (excludeIds is not null && excludeIds.Contains(_exact.IdAt(row))))
                {
                    continue; // a track of a newer snapshot, or excluded
                }

                var s = _exact.DotRow(row, q);
                if (heap.Accepts(s, row))
                {
                    heap.Add(s, row);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
                ArrayPool<float>.Shared.Return(rentedDistances!);
            }
        }
    }

    /// <summary>
    /// Rows of up to <paramref name="count"/> approximate nearest neighbours of <paramref name="query"/> straight from
    /// the graph (no re-ranking: the caller scores them exactly), nearest first; rows of tracks this index does not
    /// hold are skipped. Null while the graph is not <see cref="IsReady"/>.
    /// </summary>
    public int[]? CandidateRows(ReadOnlySpan<float> query, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var q = Prepare(query);
        if (!IsReady)
        {
            return null;
        }

        var keys = Graph().Search(q, Math.Min(Math.Max(count, 1), Math.Max(Count, 1)));
        var rows = new List<int>(keys.Length);
        foreach (var key in keys)
        {
            var row = _exact.RowOf(unchecked((long)key));
            if (row >= 0)
            {
                rows.Add(row);
            }
        }

        return [.. rows];
    }

    /// <summary>
    /// A new index with the rows of <paramref name="removeIds"/> dropped and <paramref name="addIds"/> appended, as
    /// <see cref="SimilarityIndex.WithRows"/> does; the graph takes only the changes.
    /// </summary>
    public AnnIndex WithRows(IReadOnlyList<long> addIds, IReadOnlyList<float[]> addVectors, IReadOnlySet<long> removeIds)
        => WithRows(_exact.WithRows(addIds, addVectors, removeIds), addIds, removeIds);

    /// <summary>
    /// This index moved onto <paramref name="updated"/>, an exact index made by <see cref="SimilarityIndex.WithRows"/>
    /// from <see cref="Exact"/> with <paramref name="addIds"/> and <paramref name="removeIds"/>.
    /// </summary>
    public AnnIndex WithRows(SimilarityIndex updated, IReadOnlyList<long> addIds, IReadOnlySet<long> removeIds)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(addIds);
        ArgumentNullException.ThrowIfNull(removeIds);
        var rows = addIds.Select(updated.RowOf).ToArray();
        CheckFinite(updated, rows);
        if (!_graph.IsCompletedSuccessfully || _graph.Result.Graph.Version != _graph.Result.Version)
        {
            // Still building, or the shared graph already moved on from this index: a graph of its own.
            return _graph.IsCompleted ? new AnnIndex(updated, _options) : InBackground(updated, _options);
        }

        var graph = _graph.Result.Graph;
        graph.Remove(removeIds.Where(id => _exact.RowOf(id) >= 0));
        graph.Add(addIds, i => updated.VectorAt(rows[i]), _options.BuildThreads);
        var next = new AnnIndex(updated, graph, _options);
        if (_options.GraphFile is not null)
        {
            ScheduleSave(next);
        }

        return next;
    }

    private static AnnIndex InBackground(SimilarityIndex exact, AnnIndexOptions options)
    {
        CheckCosine(exact);
        if (!exact.IsFileBacked)
        {
            CheckFinite(exact, Enumerable.Range(0, exact.Count).ToArray()); // from a file: a check would read every row; a build checks them
        }

        if (options.GraphFile is not { } file)
        {
            return new AnnIndex(exact, Task.Run(() => NewGraph(exact, options)), options);
        }

        return new AnnIndex(exact, Task.Run(() => OpenOrBuild(exact, options, file)), options);
    }

    private static (IAnnGraph Graph, long Version) OpenOrBuild(SimilarityIndex exact, AnnIndexOptions options, string file)
    {
        var log = options.Log ?? Console.Error.WriteLine;
        var oldFormat = AnnGraphs.IsOldFormat(file);
        if (AnnGraphFile.TryOpen(exact, file, options, log) is { } opened)
        {
            if (opened.Version > 0 || oldFormat)
            {
                AnnGraphFile.Save(opened, opened.Version, AnnGraphFile.RowsOf(exact), exact.Dimension, file);
                if (oldFormat)
                {
                    log($"ANN graph: rewrote {file} in the current format, which the next start maps instead of reading.");
                }

                opened = Remapped(opened, file, log);
            }

            return (opened, opened.Version);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var built = NewGraph(exact, options);
        try
        {
            AnnGraphFile.Save(built.Graph, built.Version, AnnGraphFile.RowsOf(exact), exact.Dimension, file);
            log($"ANN graph: built over {exact.Count} tracks in {started.Elapsed.TotalSeconds:0.0} s and saved to {file}.");
        }
        catch (IOException e)
        {
            log($"ANN graph: built, but could not save it to {file} ({e.Message}); it will be built again next start.");
            return built;
        }

        var mapped = Remapped(built.Graph, file, log);
        return (mapped, mapped.Version);
    }

    /// <summary>
    /// The graph just saved to <paramref name="file"/>, mapped from it, in place of <paramref name="inMemory"/> (which
    /// is disposed): the process then holds only the pages searches touch, not the whole graph in its heap. Nothing
    /// searches <paramref name="inMemory"/> yet (the index publishes the graph after this). Kept when mapping fails.
    /// </summary>
    private static IAnnGraph Remapped(IAnnGraph inMemory, string file, Action<string> log)
    {
        try
        {
            var mapped = AnnGraphs.Open(file, view: true);
            if (mapped.Count != inMemory.Count || mapped.Dimension != inMemory.Dimension)
            {
                mapped.Dispose();
                return inMemory;
            }

            inMemory.Dispose();
            return mapped;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log($"ANN graph: saved, but could not map {file} again ({e.Message}); keeping the graph in memory.");
            return inMemory;
        }
    }

    /// <summary>Saves <paramref name="index"/>'s graph to its file after <see cref="AnnIndexOptions.SaveDelay"/>; later changes in the meantime replace it.</summary>
    private static void ScheduleSave(AnnIndex index)
    {
        var file = index._options.GraphFile!;
        PendingSaves[file] = index;
        if (!Savers.TryAdd(file, 0))
        {
            return; // a saver for this file is running and will take the newest index
        }

        _ = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(index._options.SaveDelay).ConfigureAwait(false);
                while (PendingSaves.TryRemove(file, out var latest))
                {
                    var (graph, version) = latest._graph.Result;
                    try
                    {
                        AnnGraphFile.Save(graph, version, AnnGraphFile.RowsOf(latest._exact), latest.Dimension, file);
                    }
                    catch (IOException e)
                    {
                        (latest._options.Log ?? Console.Error.WriteLine)($"ANN graph: could not save {file} ({e.Message}).");
                    }
                }

                Savers.TryRemove(file, out _);
                if (!PendingSaves.ContainsKey(file) || !Savers.TryAdd(file, 0))
                {
                    return;
                }
            }
        });
    }

    private static (IAnnGraph Graph, long Version) NewGraph(SimilarityIndex exact, AnnIndexOptions? options)
    {
        ArgumentNullException.ThrowIfNull(exact);
        CheckCosine(exact);
        var o = (options ?? AnnIndexOptions.Default).Validate();
        var rows = Enumerable.Range(0, exact.Count).ToArray();
        CheckFinite(exact, rows);
        var graph = AnnGraphs.Create(exact.Dimension, o);
        graph.Add(rows.Select(exact.IdAt).ToArray(), r => exact.VectorAt(r), o.BuildThreads);
        return (graph, graph.Version);
    }

    private static void CheckCosine(SimilarityIndex exact)
    {
        if (exact.Metric != SimilarityMetric.Cosine)
        {
            throw new InvalidOptionsException($"AnnIndex supports the cosine metric only, got {exact.Metric}.");
        }

        if (exact.Count > 0 && exact.Dimension == 0)
        {
            throw new ArgumentException("AnnIndex needs vectors of positive dimension.", nameof(exact));
        }
    }

    private static void CheckFinite(SimilarityIndex exact, int[] rows)
    {
        foreach (var r in rows)
        {
            foreach (var x in exact.VectorAt(r))
            {
                if (!float.IsFinite(x))
                {
                    throw new ArgumentException($"Vector of track {exact.IdAt(r)} has a NaN or infinite value.", nameof(exact));
                }
            }
        }
    }

    /// <summary>The built graph, searching with this index's expansion.</summary>
    private IAnnGraph Graph()
    {
        var graph = _graph.Result.Graph;
        if (graph.ExpansionSearch != _options.ExpansionSearch)
        {
            graph.SetExpansionSearch(_options.ExpansionSearch);
        }

        return graph;
    }

    private float[] Prepare(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"Query has dimension {query.Length}, the index has {Dimension}.", nameof(query));
        }

        foreach (var x in query)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException("Query has a NaN or infinite value.", nameof(query));
            }
        }

        return VectorMath.Normalized(query);
    }
}
