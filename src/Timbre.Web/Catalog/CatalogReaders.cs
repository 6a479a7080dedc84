using Timbre.Core.Catalog;

namespace Timbre.Web.Catalog;

/// <summary>
/// A small pool of extra catalog connections for read-only calls, so a slow library page or search does not hold
/// the writer's lock (SQLite in WAL mode lets readers run beside the one writer). Each call borrows one store for
/// its duration; at most <c>size</c> are open, opened lazily by the factory. A committed write is visible to the
/// next read, since every read starts a fresh read transaction.
/// </summary>
internal sealed class CatalogReaders : IDisposable
{
    private readonly Func<ICatalogStore> _open;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<ICatalogStore> _idle = new();
    private readonly List<ICatalogStore> _opened = [];
    private bool _disposed;

    public CatalogReaders(Func<ICatalogStore> open, int size)
    {
        _open = open;
        _slots = new SemaphoreSlim(size, size);
    }

    /// <summary>How many reader connections have been opened so far.</summary>
    public int Opened
    {
        get
        {
            lock (_idle)
            {
                return _opened.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> on a borrowed reader, waiting while all are busy.</summary>
    public T Read<T>(Func<ICatalogStore, T> read)
    {
        _slots.Wait();
        return Run(read);
    }

    /// <summary>
    /// <see cref="Read{T}"/> for a request that awaits: the wait for a free connection holds no thread (requests
    /// beyond the pool's size queue here); the read itself runs on the caller's thread.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<ICatalogStore, T> read, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Run(read);
    }

    /// <summary>Runs a read on a borrowed connection; the caller holds a slot, released here.</summary>
    private T Run<T>(Func<ICatalogStore, T> read)
    {
        try
        {
            var store = Borrow();
            try
            {
                return read(store);
            }
            finally
            {
                lock (_idle)
                {
                    if (_disposed)
                    {
                        store.Dispose();
                    }
                    else
                    {
                        _idle.Push(store);
                    }
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private ICatalogStore Borrow()
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var store))
            {
                return store;
            }
        }

        var opened = _open();
        lock (_idle)
        {
            _opened.Add(opened);
        }

        return opened;
    }

    /// <summary>Closes the idle readers; a reader still in use is closed when its call returns.</summary>
    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
            while (_idle.TryPop(out var store))
            {
                store.Dispose();
            }
        }
    }
}
