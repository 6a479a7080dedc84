using Cloud.Unum.USearch;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// The USearch HNSW graph behind <see cref="AnnIndex"/>, keyed by track id, called through <see cref="USearchNative"/>.
/// Searches share a read lock; adds and removes take the write lock (growing the capacity must not race a search).
/// A graph opened as a memory-mapped view is copied into memory on its first change.
/// </summary>
internal sealed class USearchGraph : IAnnGraph
{
    /// <summary>Batches from this size are added by several threads when asked (smaller ones stay reproducible).</summary>
    public const int ParallelAddRows = 10_000;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // USearch keeps one search context per thread it reserved; a search finding none free fails, so at most that
    // many search at once (the web load test saw "Reserve capacity ahead of searches!" without this).
    private readonly SemaphoreSlim _searchers;
    private readonly int _threads;
    private readonly bool _int8;
    private nint _index;
    private string? _viewPath;

    public USearchGraph(int dimension, AnnIndexOptions options)
    {
        Dimension = dimension;
        _threads = SearchThreads();
        _searchers = new SemaphoreSlim(_threads);
        _int8 = options.Precision == AnnPrecision.Int8;
        _index = USearchNative.Init(new USearchNative.InitOptions
        {
            MetricKind = options.InnerProduct ? MetricKind.Ip : MetricKind.Cos,
            Quantization = ScalarOf(options.Precision),
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        });
        ExpansionSearch = options.ExpansionSearch;
        USearchNative.ChangeThreadsSearch(_index, _threads);
    }

    private USearchGraph(nint index, string? viewPath, bool int8)
    {
        _index = index;
        _int8 = int8;
        _viewPath = viewPath;
        _threads = SearchThreads();
        _searchers = new SemaphoreSlim(_threads);
        Dimension = USearchNative.Dimensions(index);
        ExpansionSearch = -1;
        USearchNative.ChangeThreadsSearch(index, _threads);
    }

    ~USearchGraph() => Free();

    public int Dimension { get; }

    /// <summary>The graph's search expansion (ef) as last set; -1 for an opened graph until <see cref="SetExpansionSearch"/>.</summary>
    public int ExpansionSearch { get; private set; }

    /// <summary>Bumped by every change, so an index built on an older state knows the graph moved on.</summary>
    public long Version { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return checked((int)USearchNative.Size(_index));
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes USearch reports for the graph (vectors, links, key table, search contexts).</summary>
    public long MemoryUsage
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return USearchNative.MemoryUsage(_index);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The SIMD kernels USearch picked for the graph's metric (e.g. "haswell"), for benchmark notes.</summary>
    public string HardwareAcceleration => USearchNative.HardwareAcceleration(_index);

    public static USearchGraph Open(string path, bool view)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No ANN graph at {path}.", path);
        }

        var index = USearchNative.Init(default);
        try
        {
            var int8 = USearchNative.QuantizationOf(path) == ScalarKind.Int8;
            USearchNative.Load(index, path, view);
            return new USearchGraph(index, view ? path : null, int8);
        }
        catch (USearchException e)
        {
            USearchNative.Free(index);
            throw new InvalidDataException($"{path} is not a readable USearch graph: {e.Message}", e);
        }
    }

    public bool Contains(long id)
    {
        _lock.EnterReadLock();
        try
        {
            return USearchNative.Contains(_index, unchecked((ulong)id));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Adds rows (capacity grown geometrically); <paramref name="vectorOf"/> gives row i's vector. Batches of
    /// <see cref="ParallelAddRows"/> or more are inserted by up to <paramref name="threads"/> threads at once.
    /// </summary>
    public void Add(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads = 1)
    {
        _lock.EnterWriteLock();
        try
        {
            MakeWritable();
            Reserve(ids.Count);
            var index = _index;
            if (threads > 1 && ids.Count >= ParallelAddRows)
            {
                USearchNative.ChangeThreadsAdd(index, threads);
                Parallel.For(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => AddOne(index, ids[i], vectorOf(i)));
            }
            else
            {
                for (var i = 0; i < ids.Count; i++)
                {
                    AddOne(index, ids[i], vectorOf(i));
                }
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
            MakeWritable();
            foreach (var id in ids)
            {
                USearchNative.Remove(_index, unchecked((ulong)id));
            }

            Version++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Sets the search expansion (ef) for every later search.</summary>
    public void SetExpansionSearch(int expansion)
    {
        _lock.EnterWriteLock();
        try
        {
            USearchNative.ChangeExpansionSearch(_index, expansion);
            ExpansionSearch = expansion;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Writes up to <paramref name="keys"/>.Length nearest keys of a unit query, nearest first; returns how many.</summary>
    public int Search(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances)
    {
        Span<sbyte> codes = _int8 ? stackalloc sbyte[unitQuery.Length] : default;
        if (_int8)
        {
            QuantizedExactIndex.Quantize(unitQuery, codes, out _, out _);
        }

        _searchers.Wait();
        _lock.EnterReadLock();
        try
        {
            return _int8 ? USearchNative.Search(_index, codes, keys, distances) : USearchNative.Search(_index, unitQuery, keys, distances);
        }
        finally
        {
            _lock.ExitReadLock();
            _searchers.Release();
        }
    }

    /// <summary>Saves when the graph is still at <paramref name="version"/> (checked under the lock the save holds); false otherwise.</summary>
    public bool SaveIfVersion(string path, long version)
    {
        _lock.EnterReadLock();
        try
        {
            if (Version != version)
            {
                return false;
            }

            USearchNative.Save(_index, path);
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
            USearchNative.Save(_index, path);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            Free();
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_index != 0)
        {
            USearchNative.Free(_index);
            _index = 0;
        }
    }

    /// <summary>
    /// Adds one row; an int8 graph gets the row scaled by its own largest magnitude and rounded (cosine ignores the
    /// scale), not USearch's own cast, which scales a unit vector by 127 and truncates: ≈ 4–5 bits per value at 128-d.
    /// </summary>
    private void AddOne(nint index, long id, ReadOnlySpan<float> vector)
    {
        if (!_int8)
        {
            USearchNative.Add(index, unchecked((ulong)id), vector);
            return;
        }

        Span<sbyte> codes = stackalloc sbyte[vector.Length];
        QuantizedExactIndex.Quantize(vector, codes, out _, out _);
        USearchNative.Add(index, unchecked((ulong)id), codes);
    }

    /// <summary>Room for <paramref name="more"/> rows beyond the current size (at least doubling, so adds one by one stay cheap).</summary>
    private void Reserve(int more)
    {
        var size = USearchNative.Size(_index);
        var capacity = USearchNative.Capacity(_index);
        if (size + more > capacity)
        {
            USearchNative.Reserve(_index, Math.Max(size + more, Math.Min(2 * capacity, size + more + 1_000_000)));
            USearchNative.ChangeThreadsSearch(_index, _threads);
        }
    }

    private void MakeWritable()
    {
        if (_viewPath is null)
        {
            return;
        }

        var loaded = USearchNative.Init(default);
        USearchNative.Load(loaded, _viewPath, view: false);
        Free();
        _index = loaded;
        _viewPath = null;
        USearchNative.ChangeThreadsSearch(_index, _threads);
        if (ExpansionSearch > 0)
        {
            USearchNative.ChangeExpansionSearch(_index, ExpansionSearch);
        }
    }

    private static int SearchThreads() => Math.Max(1, Environment.ProcessorCount);

    private static ScalarKind ScalarOf(AnnPrecision precision) => precision switch
    {
        AnnPrecision.Float32 => ScalarKind.Float32,
        AnnPrecision.Int8 => ScalarKind.Int8,
        _ => ScalarKind.Float16,
    };
}
