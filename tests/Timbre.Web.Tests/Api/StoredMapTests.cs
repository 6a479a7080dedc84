using Timbre.Analyzers;
using Timbre.App.Map;
using Timbre.App.SharedIndex;
using Timbre.App.Snapshot;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// The library map stored in the catalog: a single-node server stores the map it computes, stamped with the content
/// sequence; a server with a map job (<c>serve --cluster</c>) reads it without its snapshot, asks the job only when
/// the stamp is older than the catalog, and says so when nothing is stored and the job cannot be reached.
/// </summary>
public sealed class StoredMapTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 3);
    private readonly SummaryFeatureAnalyzer _analyzer = new();

    public StoredMapTests() => _library.Catalogue(_analyzer, AudioDecoders.CreateDefault());

    public void Dispose() => _library.Dispose();

    [Fact]
    public async Task TheSingleNodeStoresItsMap_AFrontEndWithAJobReadsIt_AndAsksTheJobOnlyWhenStale()
    {
        MapView computed;
        using (var single = Backend(null))
        {
            computed = await Ready(single);
        }

        using (var store = new SqliteCatalogStore(_library.CatalogPath))
        {
            var index = MapLayoutJob.IndexOf(store, SnapshotOptions.For(_analyzer.ModelId, _analyzer.FeatureVersion))!;
            var info = store.FindLibraryMap(index)!;
            Assert.Equal(12, info.Count);
            Assert.Equal(store.ContentSequence(), info.ContentSequence);
        }

        var job = new FakeJob();
        using var front = Backend(job);
        var read = front.Map()!;
        Assert.False(read.Computing);
        Assert.Equal(computed.Tracks, read.Tracks);
        Assert.Equal(0, job.Requests);
        Assert.Equal(0, front.SnapshotLoads);

        // A tag edit moves the sequence: the stale layout is shown while the job is asked to make it current.
        using (var store = new SqliteCatalogStore(_library.CatalogPath))
        {
            var t = store.FindTrack(read.Tracks[0].Id)!;
            store.UpsertTrack(t with { Title = "Renamed" });
        }

        var stale = front.Map()!;
        Assert.True(stale.Computing);
        Assert.Equal(0.5, stale.Progress);
        Assert.Equal(computed.Tracks.Select(t => t.Id), stale.Tracks.Select(t => t.Id));
        Assert.Equal(1, job.Requests);
        Assert.Equal(0, front.SnapshotLoads);
    }

    [Fact]
    public void WithNothingStoredAndNoCluster_TheFrontEndSaysSo()
    {
        using var front = Backend(new FakeJob { Down = true });
        var view = front.Map()!;
        Assert.False(view.Computing);
        Assert.Empty(view.Tracks);
        Assert.Contains("has not been computed yet", view.Error, StringComparison.Ordinal);
        Assert.Equal(0, front.SnapshotLoads);
    }

    private CatalogBackend Backend(IMapLayoutJob? job) => new(
        new SqliteCatalogStore(_library.CatalogPath), AudioDecoders.CreateDefault(), _analyzer,
        new CatalogBackendOptions { MapJob = job, ChangeCheckInterval = TimeSpan.Zero });

    private static async Task<MapView> Ready(CatalogBackend backend)
    {
        for (var i = 0; i < 1800; i++)
        {
            if (backend.Map() is { Computing: false } map)
            {
                return map;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The map was not ready after 180 s.");
    }

    private sealed class FakeJob : IMapLayoutJob
    {
        public int Requests { get; private set; }

        public bool Down { get; init; }

        public MapJobState Request(long sequence)
        {
            Requests++;
            return Down ? throw new SharedIndexUnavailableException("no silo") : new MapJobState(true, 0.5, null);
        }
    }
}
