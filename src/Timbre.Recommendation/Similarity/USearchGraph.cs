using Cloud.Unum.USearch;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// The USearch HNSW graph behind <see cref="AnnIndex"/>, keyed by track id. Searches share a read lock; adds and
/// removes take the write lock (the USearch wrapper grows its capacity inside Add, which must not race a search).
/// A graph opened as a memory-mapped view is copied into memory on its first change.
/// </summary>
internal sealed class USearchGraph
{
    private const int AddBatch = 8192;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // USearch keeps one search context per thread it reserved (the core count); more concurrent searches fail with
    // "Reserve capacity ahead of searches!" (seen under the web load test), so at most that many search at once.
    private readonly SemaphoreSlim _searchers = new(Math.Max(1, Environment.ProcessorCount));
    private USearchIndex _index;
    private string? _viewPath;

    public USearchGraph(int dimension, AnnIndexOptions options)
    {
        Dimension = dimension;
        _index = new USearchIndex(
            MetricKind.Cos,
            ScalarOf(options.Precision),
            (ulong)dimension,
            (ulong)options.Connectivity,
            (ulong)options.ExpansionAdd,
            (ulong)options.ExpansionSearch);
    }

    private USearchGraph(USearchIndex index, string? viewPath)
    {
        _index = index;
        _viewPath = viewPath;
        Dimension = checked((int)index.Dimensions());
    }

    public int Dimension { get; }

    /// <summary>Bumped by every change, so an index built on an older state knows the graph moved on.</summary>
    public long Version { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return checked((int)_index.Size());
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public static USearchGraph Open(string path, bool view)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No ANN graph at {path}.", path);
        }

        try
        {
            return new USearchGraph(new USearchIndex(path, view), view ? path : null);
        }
        catch (USearchException e)
        {
            throw new InvalidDataException($"{path} is not a readable USearch graph: {e.Message}", e);
        }
    }

    public bool Contains(long id)
    {
        _lock.EnterReadLock();
        try
        {
            return _index.Contains(unchecked((ulong)id));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds rows in batches (each batch reserves its capacity once); <paramref name="vectorOf"/> gives row i's vector.</summary>
    public void Add(IReadOnlyList<long> ids, Func<int, float[]> vectorOf)
    {
        _lock.EnterWriteLock();
        try
        {
            MakeWritable();
            for (var start = 0; start < ids.Count; start += AddBatch)
            {
                var n = Math.Min(AddBatch, ids.Count - start);
                var keys = new ulong[n];
                var vectors = new float[n][];
                for (var i = 0; i < n; i++)
                {
                    keys[i] = unchecked((ulong)ids[start + i]);
                    vectors[i] = vectorOf(start + i);
                }

                _index.Add(keys, vectors);
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
                _index.Remove(unchecked((ulong)id));
            }

            Version++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Up to <paramref name="count"/> nearest keys of a unit query, nearest first.</summary>
    public ulong[] Search(float[] unitQuery, int count)
    {
        _searchers.Wait();
        _lock.EnterReadLock();
        try
        {
            var found = _index.Search(unitQuery, count, out var keys, out _);
            return found == keys.Length ? keys : keys[..found];
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

            _index.Save(path);
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
            _index.Save(path);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void MakeWritable()
    {
        if (_viewPath is null)
        {
            return;
        }

        var loaded = new USearchIndex(_viewPath, view: false);
        _index.Dispose();
        _index = loaded;
        _viewPath = null;
    }

    private static ScalarKind ScalarOf(AnnPrecision precision) => precision switch
    {
        AnnPrecision.Float32 => ScalarKind.Float32,
        AnnPrecision.Int8 => ScalarKind.Int8,
        _ => ScalarKind.Float16,
    };
}
