using Timbre.App.Map;
using Timbre.Audio;
using Timbre.Cluster.Maps;
using Timbre.Cluster.Search;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Recommendation.Projection;
using Timbre.Storage;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cluster.Tests;

/// <summary>
/// The library map of <c>timbre serve --cluster</c>: computed once by the map job on a silo, stored in the catalog and
/// read by the front-end without its snapshot; the stored layout equals the in-process layout of the same rows
/// (bit-identical), and a rescan makes it stale until the job replaces it (or only re-stamps it when no vector moved).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterMapServeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TheFrontEndServesTheStoredMap_TheJobRecomputesItAfterARescan()
    {
        var catalog = server.CreateDatabase();
        using (var store = CatalogStores.Open(catalog, create: true))
        {
            SyntheticCatalog.Write(store, new SyntheticCatalogOptions
            {
                Tracks = 300, Dimension = 16, Users = 2, Genres = 5, Seed = 21, ModelId = "summary", FeatureVersion = 1, WithGenreProbabilities = true,
            });
        }

        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 4 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        var job = (ClusterMapJob)index.MapJob();
        using var remote = new CatalogBackend(
            CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer(),
            new CatalogBackendOptions { SharedIndex = index, MapJob = job, ChangeCheckInterval = TimeSpan.Zero });

        var first = remote.Map()!;
        Assert.True(first.Computing);
        Assert.Empty(first.Tracks);
        var done = await Finished(remote, 300);
        Assert.Equal(1, job.Runs);

        // The stored layout is the in-process layout of the single node's snapshot: same key (ids and vectors), same points.
        var exact = ShardRows.LoadSnapshot(spec);
        var key = new LibraryMaps(null).KeyOf(exact);
        var reference = LibraryMaps.Layout(exact.Context.Index, key, new TSneOptions());
        StoredLibraryMap stored;
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            stored = store.ReadLibraryMap(exact.Context.FeatureVersion)!;
            Assert.Equal(store.ContentSequence(), stored.Info.ContentSequence);
        }

        Assert.Equal(key, stored.Info.Key);
        Assert.Equal(reference.Points.Select(p => (p.Id, p.X, p.Y)), stored.Ids.Select((id, i) => (id, stored.X[i], stored.Y[i])));

        // The page's rows equal what an in-process server shows (titles, tags, predicted genres), which reads the same
        // stored layout since its key matches.
        using (var local = new CatalogBackend(CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer()))
        {
            var inProcess = local.Map()!;
            Assert.False(inProcess.Computing);
            Assert.Equal(inProcess.Tracks, done.Tracks);
            Assert.Contains(done.Tracks, t => t.Genre is not null);
        }

        // A tag edit moves the content sequence but no vector: the job re-stamps the layout without laying it out again.
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var t = store.FindTrack(stored.Ids[0])!;
            store.UpsertTrack(t with { Title = "Renamed" });
        }

        var renamed = await Finished(remote, 300);
        Assert.Contains(renamed.Tracks, t => t.Title == "Renamed");
        Assert.Equal(2, job.Runs);
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var restamped = store.FindLibraryMap(stored.Info.Index)!;
            Assert.Equal(stored.Info.ComputedAt, restamped.ComputedAt);
            Assert.Equal(store.ContentSequence(), restamped.ContentSequence);
        }

        // A rescan that adds tracks: the stored layout is stale (shown meanwhile) until the job replaces it.
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var added = store.ReadAnalyses("summary", 1).Take(6).Select((a, i) => (
                new TrackRecord { Path = $"/new/track{i}.flac", SizeBytes = 10, ModifiedUtc = DateTime.UtcNow, DurationSeconds = 30 },
                a with { TrackId = 0, Embedding = [.. a.Embedding.Select((v, k) => v + (0.1f * ((k + i) % 3)))] })).ToList();
            store.SaveAnalysesBatch(added);
        }

        var meanwhile = remote.Map()!;
        Assert.True(meanwhile.Computing);
        Assert.Equal(300, meanwhile.Tracks.Count);
        var replaced = await Finished(remote, 306);
        Assert.Equal(3, job.Runs);
        var after = ShardRows.LoadSnapshot(spec);
        var afterReference = LibraryMaps.Layout(after.Context.Index, new LibraryMaps(null).KeyOf(after), new TSneOptions());
        Assert.Equal(afterReference.Points.Select(p => (p.Id, p.X, p.Y)), replaced.Tracks.OrderBy(t => t.Id).Select(t => (t.Id, t.X, t.Y)).OrderBy(p => p.Id));
        Assert.Equal(0, remote.SnapshotLoads);
    }

    /// <summary>
    /// Polls the map (as the page does) until the job is done and the map has <paramref name="tracks"/> points, then
    /// reads it once more: by then the stored layout is current, so the view is built from it.
    /// </summary>
    private static async Task<MapView> Finished(CatalogBackend backend, int tracks)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (backend.Map() is var view && (view!.Computing || view.Tracks.Count != tracks || view.Progress < 1))
        {
            Assert.Null(view.Error);
            Assert.True(DateTime.UtcNow < deadline, $"the map job did not finish within {Patience}");
            await Task.Delay(200);
        }

        var done = backend.Map()!;
        Assert.False(done.Computing);
        return done;
    }
}
