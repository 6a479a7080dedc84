using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// A load through the snapshot file (<see cref="CatalogLoadOptions.SnapshotPath"/>): when the file is current and
/// sound the snapshot is made from its columns and the vectors in it (read when scored) (interactions and users still come from the
/// catalog; tags on demand through <see cref="CatalogLoadOptions.Metadata"/>); otherwise the catalog is loaded as
/// usual (without a graph), the file written again from that snapshot and the snapshot reopened from it.
/// </summary>
internal static class SnapshotFileLoader
{
    public static CatalogSnapshot Load(ICatalogStore store, CatalogLoadOptions o, AnalysisSetInfo set, EmbeddingSpace? space, string version, string file, Func<bool, CatalogSnapshot> loadFromStore)
    {
        var log = o.GraphLog ?? Console.Error.WriteLine;

        // Read before loading: a commit made meanwhile moves the sequence, and the file is made again next time.
        var sequence = store.ContentSequence();
        var key = o.SnapshotKey();
        if (SnapshotFile.Open(file, sequence, version, key, out var why) is { } opened)
        {
            log($"Snapshot file: opened {file} ({opened.Data.Ids.Length} tracks)");
            return FromFile(store, o, set, space, opened.Data, opened.Vectors);
        }

        log($"Snapshot file: loading the catalog and writing {file} ({why})");
        var loaded = loadFromStore(false); // no graph: it is built over the file's rows below

        try
        {
            SnapshotFile.Write(file, SnapshotColumns.Of(loaded, sequence, key), loaded.Context.Index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"Snapshot file: not written ({e.Message}); serving from the catalog");
            return loadFromStore(true);
        }

        return SnapshotFile.Open(file, sequence, version, key, out why) is { } written
            ? FromFile(store, o, set, space, written.Data, written.Vectors)
            : loadFromStore(true);
    }

    /// <summary>
    /// Writes <paramref name="file"/> from <paramref name="loadWithoutGraph"/>'s snapshot unless it is current and
    /// sound (then nothing is read); true when written, with the reason in <paramref name="why"/>.
    /// </summary>
    public static bool WriteIfStale(ICatalogStore store, CatalogLoadOptions o, string version, string file, Func<CatalogSnapshot> loadWithoutGraph, out string why)
    {
        var sequence = store.ContentSequence();
        var key = o.SnapshotKey();
        if (SnapshotFile.Open(file, sequence, version, key, out why) is not null)
        {
            why = "current";
            return false;
        }

        var loaded = loadWithoutGraph();
        SnapshotFile.Write(file, SnapshotColumns.Of(loaded, sequence, key), loaded.Context.Index);
        return true;
    }

    private static CatalogSnapshot FromFile(ICatalogStore store, CatalogLoadOptions o, AnalysisSetInfo set, EmbeddingSpace? space, SnapshotColumns data, FileMatrix vectors)
    {
        var deferred = new FileTrackData(data, vectors, o.Metadata!);
        var g = data.Labels.Length;
        var oneHot = Enumerable.Range(0, g).Select(l => GenreVotes.OneHot(l, g)).ToArray();
        var tracks = new TrackFeatures[data.Ids.Length];
        for (var r = 0; r < tracks.Length; r++)
        {
            // One-hot rows share one array per label (a tagged catalog's million rows hold ten arrays).
            var row = data.Probabilities.AsSpan(r * g, g);
            var label = data.LabelOfRow[r];
            var probabilities = g == 0 ? [] : label >= 0 && row.SequenceEqual(oneHot[label]) ? oneHot[label] : row.ToArray();
            tracks[r] = new TrackFeatures(data.Ids[r], data.Durations[r], probabilities, deferred, r) { FeatureVersion = data.VersionKey };
        }

        var index = SimilarityIndex.OverFile(data.Ids, vectors, data.Hashes, o.IndexOptions(data.VersionKey));
        var context = new RecommendationContext(
            data.VersionKey, data.Labels, tracks, CatalogContextLoader.ReadInteractions(store), o.Weights, index.Options, ownsEmbeddings: false, index)
        {
            Blocks = space?.Blocks ?? [],
            ProximityOptions = space?.Proximity,
        };
        return new CatalogSnapshot(context, set, data.GenreInfo, o, store.ListUsers(), data.LabelOfRow, space, o.Metadata);
    }
}
