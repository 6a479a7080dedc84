using Timbre.App.SharedIndex;
using Timbre.Audio;
using Timbre.Audio.Wav;
using Timbre.Cluster.Hosting;
using Timbre.Cluster.Search;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Recommendation.Space;
using Timbre.Storage;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cluster.Tests;

/// <summary>
/// <c>timbre serve --cluster</c>'s backend: similar songs through three in-process silos equal the in-process
/// method 1 (ids; scores within 1e-6) without the server loading its snapshot; a cluster nobody runs is a clear error and a
/// not-ready probe within seconds.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterServeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task SimilarSongsThroughTheClusterEqualTheInProcessMethodOne()
    {
        var catalog = Seeded(2000);
        await using var cluster = await TestClusters.StartAsync();
        var spec = new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 5 };
        await using var index = new ClusterIndex(cluster.Client, spec);
        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);

        // A load balancer polls /readyz: the first probe loads the shards and may outlast its 2 s on a busy machine.
        var ready = await remote.ReadinessAsync();
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); !ready.Ready && clock.Elapsed < TimeSpan.FromSeconds(60);)
        {
            await Task.Delay(250);
            ready = await remote.ReadinessAsync();
        }

        Assert.True(ready.Ready, ready.ToString());
        var ids = ShardRows.LoadSnapshot(spec).Context.Tracks.Select(t => t.Id).ToList();
        var random = new Random(5);
        for (var q = 0; q < 15; q++)
        {
            var id = ids[random.Next(ids.Count)];
            var count = q % 3 == 0 ? 1 : 10;
            var expected = await local.SimilarAsync(id, SimilarMethod.M1, count);
            var got = await remote.SimilarAsync(id, SimilarMethod.M1, count);
            Assert.Equal(expected.Select(i => (i.Id, i.Title)), got.Select(i => (i.Id, i.Title)));

            // Method 1 scores its seed's unit vector against every row with its own kernel; the shard's dot product
            // may differ in the last float bits.
            Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
        }

        Assert.Equal(0, remote.SnapshotLoads);
        await Assert.ThrowsAsync<Timbre.Core.Errors.TimbreException>(() => remote.SimilarAsync(-5, SimilarMethod.M1, 3));

        // An abandoned request is a cancellation (the server answers nothing), not "the cluster failed" (a 503).
        using var abandoned = new CancellationTokenSource();
        await abandoned.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.NearestAsync(ids[0], 10, abandoned.Token));
        Assert.Equal(abandoned.Token, cancelled.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remote.SimilarAsync(ids[0], SimilarMethod.M1, 10, abandoned.Token));
    }

    [Fact]
    public async Task AnUploadsSimilarSongsThroughTheClusterEqualTheInProcessOnesWithoutTheSnapshot()
    {
        var catalog = Seeded(1500);
        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 4 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        var tracks = ShardRows.LoadSnapshot(spec).Context.Tracks;

        // The fake analyzer answers any audio with a blend of two catalog tracks' raw embeddings.
        using var store = CatalogStores.Open(catalog, create: false);
        var a = store.FindAnalysis(tracks[10].Id, "summary", 1)!.Embedding;
        var b = store.FindAnalysis(tracks[700].Id, "summary", 1)!.Embedding;
        var upload = a.Zip(b, (x, y) => (0.7f * x) + (0.3f * y)).ToArray();
        await AssertUploadRanksAsInProcess(catalog, index, upload);
    }

    [Fact]
    public async Task InAFittedSpaceTheClusterReRanksByMutualProximityAsTheInProcessMethodOne()
    {
        // 3 000 tracks: the sample (1 024) is a seeded choice among them, not all of them.
        var catalog = Seeded(3000);
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var vectors = store.ReadAnalyses("summary", 1).Select(a => a.Embedding).ToList();
            string[] blocks = [.. Enumerable.Repeat("timbre", 8), .. Enumerable.Repeat("harmony", 8)];
            store.SaveEmbeddingSpace(EmbeddingSpaceFitter.Fit([new SpaceInput(new SpaceSetRecord("summary", 1, 16), blocks, vectors)]));
        }

        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 5 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        var exact = ShardRows.LoadSnapshot(spec).Context;
        Assert.NotNull(exact.Proximity);
        Assert.True(exact.Proximity.SampleCount < exact.Tracks.Count);

        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);

        // The first query loads the shards and draws the sample: without the server's 10 s bound (a busy machine).
        var warm = exact.Tracks[0];
        await new ShardedSearch(cluster.Client, spec).SimilarAsync(exact.Index.VectorAt(0).ToArray(), warm.Id, 10, [warm.Id]);
        var random = new Random(9);
        var reordered = 0;
        for (var q = 0; q < 12; q++)
        {
            var id = exact.Tracks[random.Next(exact.Tracks.Count)].Id;
            var expected = await local.SimilarAsync(id, SimilarMethod.M1, 10);
            var got = await remote.SimilarAsync(id, SimilarMethod.M1, 10);
            Assert.Equal(expected.Select(i => i.Id), got.Select(i => i.Id));
            Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));

            // Mutual proximity did re-rank: the list is not the cosine top 10.
            var row = exact.RowOf(id);
            var cosine = exact.Index.Search(exact.Index.VectorAt(row).ToArray(), 10, new HashSet<long> { id });
            reordered += cosine.Select(h => h.Id).SequenceEqual(got.Select(i => i.Id)) ? 0 : 1;
        }

        Assert.True(reordered > 0, "mutual proximity changed no list: the test would not see it missing");

        // An upload (a vector from outside the catalog): its moments over the whole sample, no seed row.
        using var store2 = CatalogStores.Open(catalog, create: false);
        var upload = store2.FindAnalysis(exact.Tracks[42].Id, "summary", 1)!.Embedding.Zip(
            store2.FindAnalysis(exact.Tracks[2500].Id, "summary", 1)!.Embedding, (x, y) => (0.6f * x) + (0.4f * y)).ToArray();
        await AssertUploadRanksAsInProcess(catalog, index, upload);

        // A silo leaves: its shards (and perhaps the sample's grain) load again elsewhere and re-rank the same way.
        await cluster.StopSiloAsync(cluster.SecondarySilos[0]);
        var first = exact.Tracks[7];
        await new ShardedSearch(cluster.Client, spec).SimilarAsync(exact.Index.VectorAt(exact.RowOf(first.Id)).ToArray(), first.Id, 10, [first.Id]);
        foreach (var id in new[] { first.Id, exact.Tracks[1234].Id, exact.Tracks[2999].Id })
        {
            var expected = await local.SimilarAsync(id, SimilarMethod.M1, 10);
            var got = await remote.SimilarAsync(id, SimilarMethod.M1, 10);
            Assert.Equal(expected.Select(i => i.Id), got.Select(i => i.Id));
            Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
        }

        Assert.Equal(0, remote.SnapshotLoads);
    }

    [Fact]
    public async Task ClusterThatNobodyRunsMakesTheServerNotReadyAndSaysSo()
    {
        var catalog = Seeded(50);
        await using var index = ClusterIndex.Connect(new ClusterSettings { Database = catalog }, new ShardSpec { Catalog = catalog, Count = 3 });
        using var backend = Backend(catalog, index);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var readiness = await backend.ReadinessAsync();
        var error = await Assert.ThrowsAsync<SharedIndexUnavailableException>(() => backend.SimilarAsync(1, SimilarMethod.M1, 5));

        Assert.False(readiness.Ready);
        Assert.True(readiness.CatalogReachable);
        Assert.False(readiness.IndexReachable);
        Assert.Contains("not reachable", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.False(index.Connected);
    }

    private string Seeded(int tracks)
    {
        var catalog = server.CreateDatabase();
        using var store = CatalogStores.Open(catalog, create: true);
        SyntheticCatalog.Write(store, new SyntheticCatalogOptions { Tracks = tracks, Dimension = 16, Users = 1, Seed = 11, ModelId = "summary", FeatureVersion = 1 });
        return catalog;
    }

    /// <summary>
    /// An upload whose (fake) analysis is <paramref name="upload"/> gets the same 10 similar songs, scores within 1e-6,
    /// from the shards as in process, and the clustered server loads no snapshot.
    /// </summary>
    private static async Task AssertUploadRanksAsInProcess(string catalog, ISharedIndex index, float[] upload)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"timbre-upload-{Guid.NewGuid():N}.wav");
        WavWriter.WriteFile(wav, new AudioBuffer(new float[22050], 22050));
        try
        {
            using var local = Backend(catalog, null, upload);
            using var remote = Backend(catalog, index, upload);
            var expected = (await local.AnalyzeAsync(wav, 10, null, CancellationToken.None)).Recommendations;
            var got = (await remote.AnalyzeAsync(wav, 10, null, CancellationToken.None)).Recommendations;
            Assert.Equal(10, expected.Count);
            Assert.Equal(expected.Select(i => i.Id), got.Select(i => i.Id));
            Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
            Assert.Equal(0, remote.SnapshotLoads);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private static CatalogBackend Backend(string catalog, ISharedIndex? shared, float[]? upload = null) =>
        new(CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer(upload), new CatalogBackendOptions { SharedIndex = shared });
}
