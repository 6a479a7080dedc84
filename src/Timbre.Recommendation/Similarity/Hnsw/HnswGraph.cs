namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Our own HNSW graph (Malkov &amp; Yashunin; the layout and neighbour heuristic of hnswlib) over 8-bit codes of unit
/// vectors, keyed by track id. Flat arrays: codes (a quarter of float32's memory, padded to 16 bytes), 1/‖codes‖ per
/// node, level-0 links of 2·M ids per node, upper levels in a pool (<see cref="HnswStorage"/>: pinned arrays, or a
/// graph file mapped copy-on-write by <see cref="Open"/>). Distances are 1 − cosine of the codes. Removed keys
/// stay in the graph as tombstones for navigation (hnswlib's mark_deleted) and are never returned. Searches share a
/// read lock and per-thread scratch; adds and removes take the write lock (inside it, a parallel add locks the
/// links it writes; its walks read links unlocked, which may see a list mid-rewrite but only ever valid node ids).
/// </summary>
internal sealed unsafe partial class HnswGraph : AnnGraphBase
{
    /// <summary>Batches from this size are linked by several threads when asked (smaller ones stay reproducible).</summary>
    public const int ParallelAddRows = 10_000;

    private const int LinkLockCount = 1024; // striped: a writer holds one at a time, so sharing never deadlocks

    private readonly Lock _top = new();
    private readonly Lock _tableBuild = new();
    private readonly Lock[] _linkLocks = [.. Enumerable.Range(0, LinkLockCount).Select(_ => new Lock())];
    private readonly int _m;
    private readonly int _m0;
    private readonly int _expansionAdd;
    private readonly int _stride;
    private readonly double _levelScale;
    private readonly Random _random;
    private HnswStorage _rows;
    private KeyTable? _table; // built on first need after opening a file
    private int _nodes;
    private int _live;
    private int _poolUsed;
    private int _entry = -1;
    private int _maxLevel = -1;
    private int _expansionSearch;

    public HnswGraph(int dimension, int connectivity, int expansionAdd, int expansionSearch, int seed = 100)
    {
        Dimension = dimension;
        _stride = Int8Kernel.Stride(dimension);
        _m = connectivity;
        _m0 = 2 * connectivity;
        _expansionAdd = expansionAdd;
        _expansionSearch = expansionSearch;
        _levelScale = 1 / Math.Log(connectivity);
        _random = new Random(seed);
        _rows = HnswStorage.InMemory(_stride, _m0 + 1);
        _table = new KeyTable(0);
    }

    public override int Dimension { get; }

    public override int ExpansionSearch => _expansionSearch;

    public override bool IsMapped => _rows.IsMapped;

    protected override int CountCore() => _live;

    /// <summary>Bytes of the arrays (codes, norms, links, keys, flags, upper levels) and the key table, at their current capacity.</summary>
    protected override long MemoryUsageCore() => _rows.Bytes + (_table?.Bytes ?? 0);

    protected override bool ContainsCore(long id)
    {
        var node = Table().Find(id, _rows.Keys);
        return node >= 0 && !_rows.Deleted[node];
    }

    public override void SetExpansionSearch(int expansion)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expansion, 1);
        _expansionSearch = expansion;
    }

    /// <summary>
    /// Adds rows: each gets its node, code and level in order first, then batches of <see cref="ParallelAddRows"/>
    /// or more are linked by up to <paramref name="threads"/> threads (hnswlib's scheme: a lock per node's links, the
    /// entry lock held through an insert only when it raises the top level). One thread builds the same graph on every
    /// run for the same rows in the same order; several build an equally good one, not the same.
    /// </summary>
    protected override void AddCore(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads)
    {
        var first = Place(ids, vectorOf);
        var end = _nodes;
        if (threads > 1 && ids.Count >= ParallelAddRows)
        {
            var next = first - 1;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                int node;
                while ((node = Interlocked.Increment(ref next)) < end)
                {
                    Link(node);
                }
            });
        }
        else
        {
            for (var node = first; node < end; node++)
            {
                Link(node);
            }
        }
    }

    protected override void RemoveCore(IEnumerable<long> ids)
    {
        var table = Table();
        foreach (var id in ids)
        {
            var node = table.Find(id, _rows.Keys);
            if (node >= 0 && !_rows.Deleted[node])
            {
                _rows.Deleted[node] = true;
                _live--;
            }
        }
    }

    protected override int SearchCore(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances)
    {
        if (_entry < 0 || _live == 0)
        {
            return 0;
        }

        var s = HnswScratch.Rent(_nodes, _stride);
        try
        {
            Span<sbyte> codes = stackalloc sbyte[_stride];
            var qInverse = Int8Kernel.Encode(unitQuery, codes[..Dimension]);
            Int8Kernel.Widen(codes, s.Query);
            var ep = Descend(s.Query, qInverse, _entry, _maxLevel, 1);
            SearchBase(s, s.Query, qInverse, ep, Math.Max(ExpansionSearch, keys.Length));
            var r = s.Results;
            while (r.Count > keys.Length)
            {
                r.Pop();
            }

            var found = r.Count;
            for (var i = found - 1; i >= 0; i--)
            {
                keys[i] = unchecked((ulong)_rows.Keys[r.TopNode]);
                distances[i] = r.TopKey;
                r.Pop();
            }

            return found;
        }
        finally
        {
            HnswScratch.Return(s);
        }
    }

    protected override void SaveCore(string path) => WriteTo(path);

    protected override void DisposeCore()
    {
        _rows.Dispose();
        _table = new KeyTable(0);
        _nodes = 0;
        _live = 0;
        _entry = -1;
    }

    private ReadOnlySpan<sbyte> CodesOf(int node) => new(_rows.Codes + ((long)node * _stride), _stride);

    private int LevelOf(int node) => _rows.UpperAt[node] < 0 ? 0 : _rows.Pool[_rows.UpperAt[node]];

    /// <summary>Node's links at <paramref name="level"/>: element 0 is the count, then the ids.</summary>
    private Span<int> LinksOf(int node, int level) => level == 0
        ? new(_rows.Links0 + ((long)node * (_m0 + 1)), _m0 + 1)
        : new(_rows.Pool + _rows.UpperAt[node] + 1 + ((level - 1) * (_m + 1)), _m + 1);

    private float Distance(ReadOnlySpan<short> query, float queryInverse, int node)
        => 1 - (Int8Kernel.Dot(query, CodesOf(node)) * queryInverse * _rows.InverseNorms[node]);

    /// <summary>The key table, built from the key array on first need (an opened graph may never need it).</summary>
    private KeyTable Table()
    {
        if (Volatile.Read(ref _table) is { } table)
        {
            return table;
        }

        lock (_tableBuild)
        {
            if (_table is null)
            {
                var built = new KeyTable(_nodes);
                for (var node = 0; node < _nodes; node++)
                {
                    built.Set(_rows.Keys[node], node, _rows.Keys); // the newest node of a key comes last
                }

                Volatile.Write(ref _table, built);
            }

            return _table;
        }
    }

    private void Grow(int capacity)
    {
        if (capacity <= _rows.Capacity)
        {
            return;
        }

        var current = _rows.Capacity;
        _rows.Grow(Math.Max(capacity, Math.Min(2 * current, current + 1_000_000)), _nodes);
    }
}
