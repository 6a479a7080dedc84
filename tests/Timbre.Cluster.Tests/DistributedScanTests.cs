using Timbre.Cluster.Scanning;
using Timbre.Core.Catalog;
using Timbre.Storage;

namespace Timbre.Cluster.Tests;

/// <summary>The distributed scan on three in-process silos and a real PostgreSQL catalog.</summary>
[Trait("Category", "Slow")]
public sealed class DistributedScanTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task ScanIsSpreadOverEverySiloAndCataloguesEachFileOnce()
    {
        using var library = new TestLibrary(perFamily: 6, seconds: 2);
        var catalog = server.CreateDatabase();
        await using var cluster = await TestClusters.StartAsync();
        var job = ClusterScan.Plan(catalog, library.Root, ["summary"], batchFiles: 2) with { LeaseSeconds = 10 };

        var status = await new ClusterScan(cluster.Client).RunAsync(job, poll: TimeSpan.FromMilliseconds(100));

        Assert.Equal(12, status.Batches);
        Assert.Equal(12, status.Done);
        Assert.Empty(status.FailedBatches);
        var silos = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();
        Assert.Equal(silos, status.DoneBy.Select(s => s!).ToHashSet());
        AssertCatalogued(catalog, library);
    }

    [Fact]
    public async Task SiloKilledMidScanHasItsBatchesReassignedWithoutDuplicatesOrLosses()
    {
        using var library = new TestLibrary(perFamily: 6, seconds: 2);
        var catalog = server.CreateDatabase();
        await using var cluster = await TestClusters.StartAsync();
        var job = ClusterScan.Plan(catalog, library.Root, ["summary"], batchFiles: 1) with { LeaseSeconds = 3 };
        var victim = cluster.SecondarySilos[0];
        var coordinator = cluster.Client.GetGrain<IScanCoordinatorGrain>(ScanCoordinator.Key);

        var scan = new ClusterScan(cluster.Client).RunAsync(job, poll: TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await coordinator.Depth()).LeasedBySilo.ContainsKey(victim.SiloAddress.ToString()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the victim silo never took a batch");
            await Task.Delay(20);
        }

        await cluster.KillSiloAsync(victim);
        var status = await scan;

        Assert.Equal(24, status.Done);
        Assert.Empty(status.FailedBatches);
        Assert.True(status.Reassigned >= 1, $"reassigned {status.Reassigned}");
        AssertCatalogued(catalog, library);
    }

    /// <summary>Every file of the library is one track with one summary analysis; nothing else, nothing failed.</summary>
    private static void AssertCatalogued(string catalog, TestLibrary library)
    {
        using var store = CatalogStores.Open(catalog, create: false);
        var tracks = store.TracksById().Values.ToList();
        Assert.Equal(library.Tracks.Select(t => t.Path).Order(StringComparer.Ordinal), tracks.Select(t => t.Path).Order(StringComparer.Ordinal));
        var analysed = store.ReadAnalyses("summary", 1).Select(a => a.TrackId).ToList();
        Assert.Equal(tracks.Select(t => t.Id).Order(), analysed.Order());
        Assert.Empty(store.ListScanFailures());
        Assert.Empty(store.ListAnalysesInProgress());
    }
}
