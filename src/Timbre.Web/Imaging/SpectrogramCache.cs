namespace Timbre.Web.Imaging;

/// <summary>
/// Spectrogram PNGs in memory, keyed by track id and the file's size and mtime (a changed file gets a new image),
/// least recently used dropped past <see cref="TimbreWebOptions.SpectrogramCacheBytes"/>. Requests for an image
/// being computed wait for that one computation instead of starting another.
/// </summary>
internal sealed class SpectrogramCache(TimbreWebOptions options)
{
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, byte[] Png)>> _entries = [];
    private readonly LinkedList<(Key Key, byte[] Png)> _recent = new();
    private readonly Dictionary<Key, Task<byte[]?>> _pending = [];
    private long _bytes;
    private long _hits;
    private long _computed;

    /// <summary>What identifies one image: the track and the version of its file.</summary>
    public readonly record struct Key(long TrackId, long SizeBytes, long ModifiedTicks);

    /// <summary>Requests answered from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Images computed.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    /// <summary>Bytes of images held.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The cached image, or the one <paramref name="create"/> makes (null: no image, not cached).</summary>
    public async Task<byte[]?> GetOrCreateAsync(Key key, Func<Task<byte[]?>> create)
    {
        TaskCompletionSource<byte[]?> mine;
        Task<byte[]?>? running;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                _hits++;
                return node.Value.Png;
            }

            mine = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_pending.TryGetValue(key, out running))
            {
                _pending[key] = mine.Task;
            }
        }

        if (running is not null)
        {
            return await running;
        }

        try
        {
            var png = await create();
            lock (_gate)
            {
                _pending.Remove(key);
                _computed++;
                if (png is not null)
                {
                    Add(key, png);
                }
            }

            mine.SetResult(png);
            return png;
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _pending.Remove(key);
            }

            mine.SetException(e);
            throw;
        }
    }

    /// <summary>Drops every image of a track (it was deleted; SQLite may give its id to a new track).</summary>
    public void Forget(long trackId)
    {
        lock (_gate)
        {
            foreach (var key in _entries.Keys.Where(k => k.TrackId == trackId).ToList())
            {
                Remove(_entries[key]);
            }
        }
    }

    private void Add(Key key, byte[] png)
    {
        if (png.Length > options.SpectrogramCacheBytes || _entries.ContainsKey(key))
        {
            return;
        }

        _entries[key] = _recent.AddFirst((key, png));
        _bytes += png.Length;
        while (_bytes > options.SpectrogramCacheBytes && _recent.Last is { } oldest)
        {
            Remove(oldest);
        }
    }

    private void Remove(LinkedListNode<(Key Key, byte[] Png)> node)
    {
        _recent.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Png.Length;
    }
}
