namespace Timbre.Recommendation.Similarity;

/// <summary>
/// The locking and versioning every <see cref="IAnnGraph"/> engine shares: reads (count, lookups, searches, saves)
/// share a read lock, changes take the write lock and bump <see cref="Version"/>, and a save can be made conditional
/// on the version. An engine implements the <c>…Core</c> members, each called under the right lock.
/// </summary>
internal abstract class AnnGraphBase : IAnnGraph
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public abstract int Dimension { get; }

    public abstract int ExpansionSearch { get; }

    /// <inheritdoc />
    public abstract bool IsMapped { get; }

    /// <summary>Bumped by every change, so an index built on an older state knows the graph moved on.</summary>
    public long Version { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return CountCore();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public long MemoryUsage
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return MemoryUsageCore();
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
            return ContainsCore(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Add(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads = 1)
    {
        _lock.EnterWriteLock();
        try
        {
            AddCore(ids, vectorOf, threads);
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
            RemoveCore(ids);
            Version++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public abstract void SetExpansionSearch(int expansion);

    public int Search(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances)
    {
        if (keys.Length == 0)
        {
            return 0;
        }

        _lock.EnterReadLock();
        try
        {
            return SearchCore(unitQuery, keys, distances);
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

            SaveCore(path);
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
            SaveCore(path);
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
            DisposeCore();
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <paramref name="change"/> under the write lock without bumping the version (settings, not rows).</summary>
    protected void Exclusively(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    protected abstract int CountCore();

    protected abstract long MemoryUsageCore();

    protected abstract bool ContainsCore(long id);

    protected abstract void AddCore(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf, int threads);

    protected abstract void RemoveCore(IEnumerable<long> ids);

    /// <summary>Called with at least one key wanted.</summary>
    protected abstract int SearchCore(ReadOnlySpan<float> unitQuery, Span<ulong> keys, Span<float> distances);

    protected abstract void SaveCore(string path);

    protected virtual void DisposeCore()
    {
    }
}
