using Timbre.App.Map;
using Timbre.Core.Errors;
using Timbre.Recommendation.Playlists;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>The library map (Timbre.App <see cref="LibraryMaps"/>) and paths between two tracks (the CLI's playlist path).</summary>
public sealed partial class CatalogBackend
{
    private readonly object _mapsLock = new();
    private LibraryMaps? _maps;

    /// <inheritdoc />
    public MapView? Map()
    {
        if (_analyzer is null)
        {
            return null;
        }

        if (_options.MapJob is { } job)
        {
            return StoredMap(job);
        }

        var snapshot = Snapshot();
        LibraryMaps maps;
        lock (_mapsLock)
        {
            maps = _maps ??= new LibraryMaps(_options.MapCacheFile, catalog: new MapCatalog(
                index => Read(s => s.ReadLibraryMap(index)),
                map => Store(s =>
                {
                    s.WriteLibraryMap(map);
                    return 0;
                }),
                () => Volatile.Read(ref _snapshotSequence)));
        }

        var status = maps.Get(snapshot);
        var tracks = new List<MapTrack>();
        foreach (var p in status.Map?.Points ?? [])
        {
            var t = snapshot.FindTrack(p.Id);
            if (t is not null)
            {
                var title = string.IsNullOrWhiteSpace(t.Title) ? System.IO.Path.GetFileNameWithoutExtension(t.Path) : t.Title;
                tracks.Add(new MapTrack(p.Id, p.X, p.Y, title, t.Artist, t.Album, snapshot.PredictedGenre(p.Id), t.Genre));
            }
        }

        return new MapView(tracks, status.Computing, status.Progress, status.Error);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> PathBetweenAsync(long fromId, long toId, int count, CancellationToken cancellationToken = default)
    {
        if (_options.SharedIndex is Timbre.App.SharedIndex.ISharedPlaylistIndex shared)
        {
            return PathBetweenSharedAsync(shared, fromId, toId, count, cancellationToken);
        }

        var snapshot = Snapshot();
        foreach (var id in new[] { fromId, toId })
        {
            if (snapshot.Context.RowOf(id) < 0)
            {
                throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
            }
        }

        if (fromId == toId)
        {
            throw new TimbreException("A path needs two different tracks.");
        }

        return new PlaylistBuilder(snapshot.Context).PathAsync(fromId, toId, count, cancellationToken);
    }
}
