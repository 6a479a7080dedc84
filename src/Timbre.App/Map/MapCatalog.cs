using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;

namespace Timbre.App.Map;

/// <summary>
/// The catalog side of <see cref="LibraryMaps"/> on a single node: a stored layout is used when its key equals the
/// snapshot's (same set, seed, ids and vectors), and a layout computed here is stored, stamped with
/// <paramref name="sequence"/>: the catalog's content sequence read before the snapshot was loaded (an older stamp
/// only makes a front-end ask for it again; never a newer one). Catalog errors only cost the stored copy.
/// </summary>
/// <param name="read">Reads the stored layout of an index.</param>
/// <param name="write">Stores a layout.</param>
/// <param name="sequence">The content sequence the current snapshot was read at (−1: unknown).</param>
public sealed class MapCatalog(Func<string, StoredLibraryMap?> read, Action<StoredLibraryMap> write, Func<long> sequence)
{
    /// <summary>The stored layout of <paramref name="index"/> when its key is <paramref name="key"/>, else null; re-stamped when the catalog has moved since.</summary>
    public LibraryMap? Find(string index, string key)
    {
        try
        {
            if (read(index) is not { } stored || stored.Info.Key != key)
            {
                return null;
            }

            var now = sequence();
            if (stored.Info.ContentSequence < now)
            {
                write(stored with { Info = stored.Info with { ContentSequence = now } });
            }

            return StoredMaps.ToMap(stored);
        }
        catch (CatalogException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="map"/> of <paramref name="snapshot"/> with its predicted genres.</summary>
    public void Save(CatalogSnapshot snapshot, LibraryMap map)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(map);
        try
        {
            write(StoredMaps.FromMap(map, snapshot.Context.FeatureVersion, sequence(), i => snapshot.PredictedGenre(map.Points[i].Id)));
        }
        catch (CatalogException)
        {
            // Not stored: this process keeps it in memory; others compute or ask for it again.
        }
    }
}
