using Cloud.Unum.USearch;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// The USearch HNSW graph behind <see cref="AnnIndex"/>, keyed by track id, called through <see cref="USearchNative"/>.
/// Searches share a read lock; adds and removes take the write lock (growing the capacity must not race a search; see
/// <see cref="AnnGraphBase"/>).
/// A graph opened as a memory-mapped view is copied into memory on its first change.
/// </summary>
internal sealed class USearchGraph : AnnGraphBase
{
    /// <summary>Batches from this size are added by several threads when asked (smaller ones stay reproducible).</summary>
    public const int ParallelAddRows = 10_000;

    // USearch keeps one search context per thread it reserved; a search finding none free fails, so at most that
    // many search at once (the web load test saw "Reserve capacity ahead of searches!" without this).
    private readonly SemaphoreSlim _searchers;
    private readonly int _threads;
    private readonly bool _int8;
    private nint _index;
    private string? _viewPath;
    private int _expansionSearch;

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
        _expansionSearch = options.ExpansionSearch;
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
        _expansionSearch = -1;
        USearchNative.ChangeThreadsSearch(index, _threads);
    }

    ~USearchGraph() => Free();

    public override int Dimension { get; }

    /// <summary>The graph's search expansion (ef) as last set; -1 for an opened graph until <see cref="SetExpansionSearch"/>.</summary>
    public override int ExpansionSearch => _expansionSearch;

    public override bool IsMapped => _viewPath is not null;

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

    /// <summary>Sets the search expansion (ef) for every later search.</summary>
    public override void SetExpansionSearch(int expansion) => Exclusively(() =>
    {
        USearchNative.ChangeExpansionSearch(_index, expansion);
        _expansionSearch = expansion;
    });

    protected override int CountCore() => checked((int)USearchNative.Size(_index));

    /// <summary>Bytes USearch reports for the graph (vectors, links, key table, search contexts).</summary>
    protected override long MemoryUsageCore() => USearchNative.MemoryUsage(_index);

    protected override bool ContainsCore(long id) => USearchNative.Contains(_index, unchecked((ulong)id));

    /// <summary>
    /// Adds rows (capacity grown geometrically); <paramref name="vectorOf"/> gives row i's vector. Batches of
    /// <see cref="ParallelAddRows"/> or more are inserted by up to <paramref name="threads"/> threads at once.
    /// </summary>
    protected override void AddCore(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads)
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
    }

    protected override void RemoveCore(IEnumerable<long> ids)
    {
        MakeWritable();
        foreach (var id in ids)
        {
            USearchNative.Remove(_index, unchecked((ulong)id));
        }
    }

    protected override int SearchCore(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances)
    {
        Span<sbyte> codes = _int8 ? stackalloc sbyte[unitQuery.Length] : default;
        if (_int8)
        {
            QuantizedExactIndex.Quantize(unitQuery, codes, out _, out _);
        }

        _searchers.Wait();
        try
        {
            return _int8 ? USearchNative.Search(_index, codes, keys, distances) : USearchNative.Search(_index, unitQuery, keys, distances);
        }
        finally
        {
            _searchers.Release();
        }
    }

    protected override void SaveCore(string path) => USearchNative.Save(_index, path);

    protected override void DisposeCore() => Free();

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
