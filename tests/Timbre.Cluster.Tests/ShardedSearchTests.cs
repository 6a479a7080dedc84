using Timbre.Cluster.Search;
using Timbre.Data.Synthetic;
using Timbre.Storage;

namespace Timbre.Cluster.Tests;

public sealed class ShardedSearchTests
{
    [Fact]
    public void MergeKeepsTheBestByScoreThenLowerId()
    {
        IReadOnlyList<ShardHit>[] parts = [[new(5, 0.9f), new(9, 0.5f)], [new(4, 0.5f), new(2, 0.1f)], []];
        Assert.Equal([new ShardHit(5, 0.9f), new ShardHit(4, 0.5f), new ShardHit(9, 0.5f)], ShardedSearch.Merge(parts, 3));
        Assert.Empty(ShardedSearch.Merge(parts, 0));
    }

    [Fact]
    public void ShardOfSpreadsIdsOverEveryShard()
    {
        var counts = new int[7];
        for (long id = 1; id <= 7000; id++)
        {
            counts[ShardSpec.ShardOf(id, 7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }
}

/// <summary>Sharded top-k over three in-process silos against the single-node exact index, on a seeded catalog.</summary>
[Trait("Category", "Slow")]
public sealed class ShardedSearchClusterTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task ShardedTopKEqualsExactTopKAndShardsMoveWhenASiloLeaves()
    {
        var catalog = server.CreateDatabase();
        using (var store = CatalogStores.Open(catalog, create: true))
        {
            SyntheticCatalog.Write(store, new SyntheticCatalogOptions { Tracks = 3000, Dimension = 24, Users = 1, Seed = 7, ModelId = "summary", FeatureVersion = 1 });
        }

        var spec = new ShardSpec { Catalog = catalog, Count = 7 };
        var exact = ShardRows.LoadSnapshot(spec).Context;
        await using var cluster = await TestClusters.StartAsync();
        var search = new ShardedSearch(cluster.Client, spec);
        var shards = await search.LoadAsync();
        Assert.Equal(exact.Tracks.Count, shards.Sum(s => s.Rows));
        Assert.True(shards.Select(s => s.Silo).Distinct().Count() > 1, "all shards on one silo");

        var random = new Random(3);
        for (var q = 0; q < 25; q++)
        {
            var seed = exact.Tracks[random.Next(exact.Tracks.Count)];
            var k = q % 5 == 0 ? 1 : 10;
            var expected = exact.Index.Search(seed.Embedding, k, new HashSet<long> { seed.Id });
            var got = await search.SearchAsync(seed.Embedding, k, [seed.Id]);
            Assert.Equal(expected.Select(h => (h.Id, h.Score)), got.Select(h => (h.Id, h.Score)));
        }

        var leaving = cluster.SecondarySilos[0];
        await cluster.StopSiloAsync(leaving);
        var query = exact.Tracks[0];
        var after = await search.SearchAsync(query.Embedding, 10, [query.Id]);
        Assert.Equal(exact.Index.Search(query.Embedding, 10, new HashSet<long> { query.Id }).Select(h => (h.Id, h.Score)), after.Select(h => (h.Id, h.Score)));
        var moved = await search.InfoAsync();
        Assert.DoesNotContain(leaving.SiloAddress.ToString(), moved.Select(s => s.Silo));
        Assert.Equal(exact.Tracks.Count, moved.Sum(s => s.Rows));
    }
}
