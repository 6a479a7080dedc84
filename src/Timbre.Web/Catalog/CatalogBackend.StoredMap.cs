using Timbre.App.Map;
using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>
/// The library map read from the catalog (<see cref="CatalogBackendOptions.MapJob"/>, <c>serve --cluster</c>): the
/// stored layout of this server's index (16 bytes per track, plus 2 for its predicted genre) joined with the tracks'
/// tags, never the snapshot. When the stored layout is missing or older than the catalog's content sequence the job
/// is asked to make it current, and the stored one (if any) is shown meanwhile with the job's progress.
/// </summary>
public sealed partial class CatalogBackend
{
    private readonly object _storedMapLock = new();
    private (long Sequence, string? Index) _mapIndex = (-1, null);
    private (StoredLibraryMapInfo Info, IReadOnlyList<MapTrack> Tracks)? _storedMapView;
    private long _snapshotSequence = -1;

    /// <summary>Stored map views built so far (each reads the stored layout and the track table once).</summary>
    public int StoredMapReads { get; private set; }

    private MapView StoredMap(IMapLayoutJob job)
    {
        var sequence = Read(s => s.ContentSequence());
        var index = MapIndex(sequence);
        if (index is null)
        {
            return new MapView([], false, 0, "No track has been analysed by this model yet; run timbre scan.");
        }

        var info = Read(s => s.FindLibraryMap(index));
        var current = info is not null && info.ContentSequence == sequence;
        MapJobState? state = null;
        string? error = null;
        if (!current)
        {
            try
            {
                state = job.Request(sequence);
            }
            catch (TimbreException e)
            {
                error = info is null ? $"The library map has not been computed yet: {e.Message}" : e.Message;
            }
        }

        var tracks = info is null ? [] : TracksOf(info);
        return new MapView(tracks, state?.Running ?? false, state?.Progress ?? (current ? 1 : 0), error ?? state?.Error);
    }

    /// <summary>The index this server's map is stored under, resolved again only when the content sequence moved.</summary>
    private string? MapIndex(long sequence)
    {
        lock (_storedMapLock)
        {
            if (_mapIndex.Sequence == sequence)
            {
                return _mapIndex.Index;
            }
        }

        var options = SnapshotOptions.For(_analyzer!.ModelId, _analyzer.FeatureVersion);
        var index = Read(s => MapLayoutJob.IndexOf(s, options));
        lock (_storedMapLock)
        {
            _mapIndex = (sequence, index);
        }

        return index;
    }

    private IReadOnlyList<MapTrack> TracksOf(StoredLibraryMapInfo info)
    {
        lock (_storedMapLock)
        {
            if (_storedMapView is { } known && known.Info == info)
            {
                return known.Tracks;
            }
        }

        var stored = Read(s => s.ReadLibraryMap(info.Index));
        if (stored is null)
        {
            return [];
        }

        var records = Read(s => s.TracksById());
        var tracks = new List<MapTrack>(stored.Ids.Length);
        for (var i = 0; i < stored.Ids.Length; i++)
        {
            if (records.TryGetValue(stored.Ids[i], out var t))
            {
                var title = string.IsNullOrWhiteSpace(t.Title) ? System.IO.Path.GetFileNameWithoutExtension(t.Path) : t.Title;
                tracks.Add(new MapTrack(stored.Ids[i], stored.X[i], stored.Y[i], title, t.Artist ?? "", t.Album ?? "", StoredMaps.GenreOf(stored, i), t.GenreTag));
            }
        }

        lock (_storedMapLock)
        {
            _storedMapView = (stored.Info, tracks);
            StoredMapReads++;
        }

        return tracks;
    }
}
