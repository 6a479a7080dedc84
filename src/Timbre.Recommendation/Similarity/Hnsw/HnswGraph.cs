namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Our own HNSW graph (Malkov &amp; Yashunin; the layout and neighbour heuristic of hnswlib) over 8-bit codes of unit
/// vectors, keyed by track id. Flat arrays: codes (a quarter of float32's memory, padded to 32 bytes), 1/‖codes‖ per
/// node, level-0 links of 2·M ids per node, upper levels per node. Distances are 1 − cosine of the codes. Removed keys
/// stay in the graph as tombstones for navigation (hnswlib's mark_deleted) and are never returned. Searches share a
/// read lock and per-thread scratch; adds and removes take the write lock.
/// </summary>
internal sealed partial class HnswGraph : IAnnGraph
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _m;
    private readonly int _m0;
    private readonly int _expansionAdd;
    private readonly int _stride;
    private readonly double _levelScale;
    private readonly Random _random;
    private readonly Dictionary<long, int> _nodeOf = [];
    private sbyte[] _codes = [];
    private float[] _inverseNorms = [];
    private int[] _links0 = [];
    private int[]?[] _upper = [];
    private long[] _keys = [];
    private bool[] _deleted = [];
    private int _nodes;
    private int _entry = -1;
    private int _maxLevel = -1;

    public HnswGraph(int dimension, int connectivity, int expansionAdd, int expansionSearch, int seed = 100)
    {
        Dimension = dimension;
        _stride = Int8Kernel.Stride(dimension);
        _m = connectivity;
        _m0 = 2 * connectivity;
        _expansionAdd = expansionAdd;
        ExpansionSearch = expansionSearch;
        _levelScale = 1 / Math.Log(connectivity);
        _random = new Random(seed);
    }

    public int Dimension { get; }

    public int ExpansionSearch { get; private set; }

    public long Version { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _nodeOf.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes of the arrays (codes, norms, links, keys, flags, upper levels) and the key table, at their current capacity.</summary>
    public long MemoryUsage
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                long upper = 0;
                for (var i = 0; i < _nodes; i++)
                {
                    upper += (_upper[i]?.Length ?? 0) * 4L;
                }

                var capacity = (long)_keys.Length;
                return (capacity * (_stride + 4 + ((_m0 + 1) * 4L) + 8 + 1 + 8)) + upper + (_nodeOf.Count * 24L);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public bool Contains(long id)
    {
        _lock.EnterReadLock();
        try
        {
            return _nodeOf.ContainsKey(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void SetExpansionSearch(int expansion)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expansion, 1);
        ExpansionSearch = expansion;
    }

    /// <summary>Adds rows one by one (the graph is the same on every run for the same rows in the same order).</summary>
    public void Add(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads = 1)
    {
        _lock.EnterWriteLock();
        try
        {
            Grow(_nodes + ids.Count);
            if (ids.Count >= 1_000)
            {
                _nodeOf.EnsureCapacity(_nodeOf.Count + ids.Count); // a build: one table of the right size, no doublings left as garbage
            }

            for (var i = 0; i < ids.Count; i++)
            {
                if (_nodeOf.TryGetValue(ids[i], out var old))
                {
                    _deleted[old] = true; // a new vector for a key: the old node becomes a tombstone
                }

                Insert(ids[i], vectorOf(i));
            }

            Version++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(IEnumerable<long> ids)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (_nodeOf.Remove(id, out var node))
                {
                    _deleted[node] = true;
                }
            }

            Version++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public int Search(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances)
    {
        if (keys.Length == 0)
        {
            return 0;
        }

        _lock.EnterReadLock();
        try
        {
            if (_entry < 0 || _nodeOf.Count == 0)
            {
                return 0;
            }

            var s = HnswScratch.For(_nodes, _stride);
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
                keys[i] = unchecked((ulong)_keys[r.TopNode]);
                distances[i] = r.TopKey;
                r.Pop();
            }

            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public bool SaveIfVersion(string path, long version)
    {
        _lock.EnterReadLock();
        try
        {
            if (Version != version)
            {
                return false;
            }

            WriteTo(path);
            return true;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Save(string path)
    {
        _lock.EnterReadLock();
        try
        {
            WriteTo(path);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private ReadOnlySpan<sbyte> CodesOf(int node) => _codes.AsSpan(node * _stride, _stride);

    /// <summary>Node's links at <paramref name="level"/>: element 0 is the count, then the ids.</summary>
    private Span<int> LinksOf(int node, int level) => level == 0
        ? _links0.AsSpan(node * (_m0 + 1), _m0 + 1)
        : _upper[node].AsSpan((level - 1) * (_m + 1), _m + 1);

    private float Distance(ReadOnlySpan<short> query, float queryInverse, int node)
        => 1 - (Int8Kernel.Dot(query, CodesOf(node)) * queryInverse * _inverseNorms[node]);

    private void Grow(int capacity)
    {
        if (capacity <= _keys.Length)
        {
            return;
        }

        var next = Math.Max(capacity, Math.Min(2 * _keys.Length, _keys.Length + 1_000_000));
        Array.Resize(ref _codes, next * _stride);
        Array.Resize(ref _inverseNorms, next);
        Array.Resize(ref _links0, next * (_m0 + 1));
        Array.Resize(ref _upper, next);
        Array.Resize(ref _keys, next);
        Array.Resize(ref _deleted, next);
    }
}
