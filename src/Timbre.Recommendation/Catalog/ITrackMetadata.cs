using Timbre.Core.Catalog;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// Track tags read from the catalog on demand (thread-safe): a snapshot served from its file holds no title, artist,
/// album or path per track and asks here for the rows a response shows.
/// </summary>
public interface ITrackMetadata
{
    /// <summary>The track with this id, or null.</summary>
    TrackRecord? Find(long id);

    /// <summary>The track stored under this full path, or null.</summary>
    TrackRecord? FindByPath(string path);
}

/// <summary>An <see cref="ITrackMetadata"/> over two lookups, remembering up to <c>capacity</c> tracks by id.</summary>
public sealed class CachedTrackMetadata(Func<long, TrackRecord?> byId, Func<string, TrackRecord?> byPath, int capacity = 50_000) : ITrackMetadata
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, TrackRecord?> _byId = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: an approximate count bounds the cache instead

    /// <inheritdoc />
    public TrackRecord? Find(long id)
    {
        if (_byId.TryGetValue(id, out var known))
        {
            return known;
        }

        if (Interlocked.Increment(ref _count) > capacity)
        {
            _byId.Clear(); // crude but bounded: the rows a response shows are asked for again at once
            Interlocked.Exchange(ref _count, 0);
        }

        return _byId[id] = byId(id);
    }

    /// <inheritdoc />
    public TrackRecord? FindByPath(string path) => byPath(path);
}
