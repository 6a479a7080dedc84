using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Storage;

namespace Timbre.App.Snapshot;

/// <summary>
/// Where <c>timbre serve</c> keeps a catalog's approximate-search graph and serving snapshot file, and writing that
/// file ahead of it: a scan or a synthesis ends by writing it, so the first start after them maps the file instead of
/// reading every analysis.
/// </summary>
public static class ServingSnapshot
{
    /// <summary>
    /// The folder beside a SQLite catalog file (<c>CATALOG.ann</c>); null for a PostgreSQL catalog, whose server builds
    /// its graph in memory.
    /// </summary>
    public static string? GraphDirectoryOf(string catalogPath)
        => CatalogStores.IsPostgres(catalogPath) ? null : Path.GetFullPath(catalogPath) + ".ann";

    /// <summary>
    /// Writes the snapshot file <c>timbre serve --model</c> of <paramref name="modelId"/> v<paramref name="featureVersion"/>
    /// maps (the same load options, so the same stamp) unless it is current. Null when the catalog keeps no file
    /// (PostgreSQL); else the file, whether it was written and why.
    /// </summary>
    public static (string File, bool Written, string Why)? WriteFile(ICatalogStore store, string catalogPath, string modelId, int featureVersion)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (GraphDirectoryOf(catalogPath) is not { } directory)
        {
            return null;
        }

        var options = SnapshotOptions.For(modelId, featureVersion) with
        {
            GraphDirectory = directory,
            Metadata = new CachedTrackMetadata(store.FindTrack, store.FindTrackByPath),
        };
        return CatalogContextLoader.WriteSnapshotFile(store, options);
    }
}
