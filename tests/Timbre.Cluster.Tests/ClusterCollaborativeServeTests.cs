using Timbre.Audio;
using Timbre.Cluster.Collaborative;
using Timbre.Cluster.Search;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Storage;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cluster.Tests;

/// <summary>
/// A user's recommendations by collaborative filtering (<c>method=cf</c>, user-kNN) through <c>timbre serve --cluster</c>:
/// the model fitted by the index's collaborative grain from the catalog equals the in-process one (ids; scores within
/// 1e-6) for every user of a seeded catalog without the server loading its snapshot, and a like made through another
/// front-end is in the next list once the change feed carried it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterCollaborativeServeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task CfThroughTheClusterEqualsTheInProcessOneAndFollowsLikes()
    {
        var catalog = server.CreateDatabase();
        using (var store = CatalogStores.Open(catalog, create: true))
        {
            SyntheticCatalog.Write(store, new SyntheticCatalogOptions
            {
                Tracks = 600, Dimension = 16, Users = 40, Genres = 6, Seed = 13, ModelId = "summary", FeatureVersion = 1, WithGenreProbabilities = true,
            });
        }

        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 4 });
        await using var index = new ClusterIndex(cluster.Client, spec);

        // The first calls load the shards and fit the model: without the server's 10 s bound (a busy machine).
        await new ShardedSearch(cluster.Client, spec).InfoAsync();
        var grain = cluster.Client.GetGrain<ICollaborativeGrain>(CollaborativeKeys.Of(spec));
        await grain.UserKnn(spec, new CfQuery { UserId = -1 });
        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);
        using var other = Backend(catalog, index);

        List<long> users, tracks;
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            users = [.. store.ListUsers().Select(u => u.Id)];
            tracks = [.. store.TracksById().Keys.Order()];
        }

        var scored = new List<long>();
        var blended = 0;
        foreach (var user in users)
        {
            foreach (var count in new[] { 10, 80 })
            {
                var expected = await local.RecommendForAsync(user, UserMethod.Cf, count);
                AssertSame(expected, await remote.RecommendForAsync(user, UserMethod.Cf, count));
                if (count == 10 && expected.Count == 10)
                {
                    scored.Add(user);
                }

                var hybrid = await local.RecommendForAsync(user, UserMethod.Hybrid, count);
                Assert.Equal(count, hybrid.Count);
                AssertSame(hybrid, await remote.RecommendForAsync(user, UserMethod.Hybrid, count));
                blended += hybrid.Select(i => i.Id).SequenceEqual((await local.RecommendForAsync(user, UserMethod.Cf, count)).Select(i => i.Id)) ? 0 : 1;
            }
        }

        Assert.True(blended > users.Count, "the hybrid lists equalled the cf lists: the test would not see the content part missing");

        // Similar songs by hybrid: without a user, content alone (method 2 standardised), lists past the shards' first answer.
        var random = new Random(5);
        for (var q = 0; q < 6; q++)
        {
            var id = tracks[random.Next(tracks.Count)];
            var count = q % 3 == 0 ? 100 : 10;
            AssertSame(await local.SimilarAsync(id, SimilarMethod.Hybrid, count), await remote.SimilarAsync(id, SimilarMethod.Hybrid, count));
        }

        Assert.True(scored.Count >= users.Count / 2, $"only {scored.Count} of {users.Count} users had 10 cf recommendations: the test would see little");
        Assert.Empty(await remote.RecommendForAsync(-5, UserMethod.Cf, 10)); // no such user: user-kNN cannot score them, in process either
        Assert.Empty(await local.RecommendForAsync(-5, UserMethod.Cf, 10));

        // A like through the other front-end: the liked track is now known (left out) and the user's neighbours move.
        var liker = scored[0];
        var top = (await remote.RecommendForAsync(liker, UserMethod.Cf, 10))[0].Id;
        var fitsBefore = (await grain.Info()).Fits;
        other.AddInteraction(liker, top, InteractionKind.Like);
        IReadOnlyList<RecommendationItem> after = [];
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            after = await remote.RecommendForAsync(liker, UserMethod.Cf, 10);
        }
        while (after.Any(i => i.Id == top) && DateTime.UtcNow < deadline && Sleep());

        Assert.DoesNotContain(top, after.Select(i => i.Id));
        Assert.True((await grain.Info()).Fits > fitsBefore);
        using (var fresh = Backend(catalog, null))
        {
            AssertSame(await fresh.RecommendForAsync(liker, UserMethod.Cf, 10), after);

            // Someone else's like reaches this user's list too (when it moves it): equal to a fresh in-process load.
            var neighbour = scored.First(u => u != liker);
            var fits = (await grain.Info()).Fits;
            other.AddInteraction(neighbour, (await remote.RecommendForAsync(neighbour, UserMethod.Cf, 1))[0].Id, InteractionKind.Like);

            // The next request after the change check's interval (1 s) refits (in the background if fits were slow here).
            deadline = DateTime.UtcNow.AddSeconds(15);
            while ((await grain.Info()).Fits == fits && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(300);
                await remote.RecommendForAsync(neighbour, UserMethod.Cf, 1);
            }
            using var fresher = Backend(catalog, null);
            foreach (var user in scored.Take(8))
            {
                AssertSame(await fresher.RecommendForAsync(user, UserMethod.Cf, 10), await remote.RecommendForAsync(user, UserMethod.Cf, 10));
                AssertSame(await fresher.RecommendForAsync(user, UserMethod.Hybrid, 10), await remote.RecommendForAsync(user, UserMethod.Hybrid, 10));
            }
        }

        Assert.Equal(0, remote.SnapshotLoads);
        Assert.Equal(0, other.SnapshotLoads);

        // A user who only disliked: the in-process hybrid ranks by CF alone, which the cluster does not reproduce, so
        // the server uses its snapshot for it (once), with the same list; cf itself still comes from the cluster.
        long critic;
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            critic = store.CreateUser("critic", "x").Id;
            foreach (var id in tracks.Take(12))
            {
                store.AddInteraction(new InteractionRecord(0, critic, id, InteractionKind.Dislike, 1, DateTimeOffset.UtcNow));
            }
        }

        using var last = Backend(catalog, null);
        var byCf = await last.RecommendForAsync(critic, UserMethod.Hybrid, 10);
        Assert.Equal(10, byCf.Count);
        AssertSame(byCf, await remote.RecommendForAsync(critic, UserMethod.Hybrid, 10));
        Assert.Equal(1, remote.SnapshotLoads);
    }

    private static bool Sleep()
    {
        Thread.Sleep(200);
        return true;
    }

    private static void AssertSame(IReadOnlyList<RecommendationItem> expected, IReadOnlyList<RecommendationItem> got)
    {
        Assert.Equal(expected.Select(i => (i.Id, i.Title)), got.Select(i => (i.Id, i.Title)));
        Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
    }

    private static CatalogBackend Backend(string catalog, Timbre.App.SharedIndex.ISharedIndex? shared) =>
        new(CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer(), new CatalogBackendOptions { SharedIndex = shared, ChangeCheckInterval = TimeSpan.Zero });
}
