using Timbre.Audio;
using Timbre.Cluster.Search;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;
using Timbre.Storage;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cluster.Tests;

/// <summary>
/// The genre journeys of <c>timbre serve --cluster</c> scored on the shards: similar songs by method 2 (boost and
/// restrict, plain cosine and re-ranked by mutual proximity), a user's profile and multicategory recommendations and the taste page's
/// genre shares equal the in-process ones (ids; scores within 1e-6) on seeded catalogs, with genre vectors from the
/// model's probabilities and from one-hot tags, without the server loading its snapshot.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterGenreServeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MethodTwoProfileAndTasteThroughTheClusterEqualTheInProcessOnes(bool modelGenres)
    {
        var catalog = Seeded(1200, modelGenres);
        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 4 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        var exact = ShardRows.LoadSnapshot(spec);
        Assert.Equal(modelGenres ? GenreInfo.Model : GenreInfo.LabelsOneHot, exact.GenreInfo);
        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);

        // The first call loads the shards: without the server's 10 s bound (a busy machine).
        await new ShardedSearch(cluster.Client, spec).InfoAsync();
        var random = new Random(3);
        for (var q = 0; q < 8; q++)
        {
            var id = exact.Context.Tracks[random.Next(exact.Context.Tracks.Count)].Id;
            AssertSame(await local.SimilarAsync(id, SimilarMethod.M2, 10), await remote.SimilarAsync(id, SimilarMethod.M2, 10));
        }

        var users = 0;
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            foreach (var user in store.ListUsers())
            {
                foreach (var method in new[] { UserMethod.Profile, UserMethod.Multi })
                {
                    var expected = await TryAsync(() => local.RecommendForAsync(user.Id, method, 10));
                    var got = await TryAsync(() => remote.RecommendForAsync(user.Id, method, 10));
                    Assert.Equal(expected.Error, got.Error);
                    if (expected.Items is { } items)
                    {
                        AssertSame(items, got.Items!);
                        users += method == UserMethod.Multi ? 1 : 0;
                    }
                }

                var taste = (await local.GetTasteAsync(user.Id)).GenreShares;
                var shared = (await remote.GetTasteAsync(user.Id)).GenreShares;
                Assert.Equal(taste.Keys.Order(), shared.Keys.Order());
                Assert.All(taste, p => Assert.Equal(p.Value, shared[p.Key], 1e-12));
            }
        }

        Assert.True(users >= 3, $"only {users} users had profile recommendations: the test would see little");

        // A track the user rated 3 (weight 0: no seed, no key or vector to match) is still known, so never recommended.
        var someone = CatalogStores.Open(catalog, create: false);
        using (someone)
        {
            var user = someone.ListUsers()[0].Id;
            var first = (await local.RecommendForAsync(user, UserMethod.Profile, 10))[0].Id;
            someone.AddInteraction(new InteractionRecord(0, user, first, InteractionKind.Rating, 3, DateTimeOffset.UtcNow));
            var expected = await local.RecommendForAsync(user, UserMethod.Profile, 10);
            Assert.DoesNotContain(first, expected.Select(i => i.Id));
            AssertSame(expected, await remote.RecommendForAsync(user, UserMethod.Profile, 10));
        }

        Assert.Equal(0, remote.SnapshotLoads);
    }

    [Fact]
    public async Task InAFittedSpaceMethodTwoBoostsAndRestrictsAsInProcess()
    {
        // 1 500 tracks: the mutual-proximity sample (1 024) is a seeded choice among them.
        var catalog = Seeded(1500, modelGenres: false);
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
        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);
        var warm = exact.Tracks[0];
        await new ShardedSearch(cluster.Client, spec).SimilarAsync(exact.Index.VectorAt(0).ToArray(), warm.Id, 10, [warm.Id]);

        var restrict = new GenreAwareOptions { Rule = GenreRule.Restrict };
        var random = new Random(4);
        var boostMoved = 0;
        for (var q = 0; q < 8; q++)
        {
            // Some lists reach past the 201 re-ranked candidates, into the rows ranked by cosine + boost below them.
            var id = exact.Tracks[random.Next(exact.Tracks.Count)].Id;
            var count = q % 4 == 0 ? 240 : 10;
            var boosted = await remote.SimilarAsync(id, SimilarMethod.M2, count);
            AssertSame(await local.SimilarAsync(id, SimilarMethod.M2, count), boosted);

            // Restrict, compared with the in-process recommender itself (the web server serves boost, the default).
            var expected = new GenreAwareRecommender(exact, restrict).Recommend(RecommendationRequest.ForSeeds([id], 10));
            var got = (await index.SimilarByGenreAsync(id, restrict, 10))!.Hits!;
            Assert.Equal(expected.Select(r => r.TrackId), got.Select(h => h.Id));
            Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
            var top = exact.TopGenreOf(exact.RowOf(id));
            Assert.All(got, h => Assert.Equal(top, exact.TopGenreOf(exact.RowOf(h.Id))));

            // The boost changed method 1's list somewhere (else the test would not see it missing).
            boostMoved += (await local.SimilarAsync(id, SimilarMethod.M1, count)).Select(i => i.Id).SequenceEqual(boosted.Select(i => i.Id)) ? 0 : 1;
        }

        Assert.True(boostMoved > 0, "method 2 equalled method 1 on every seed");
        Assert.Equal(0, remote.SnapshotLoads);
    }

    [Fact]
    public async Task WhereTheShardsCannotMakeGenreVectorsTheServerUsesItsSnapshot()
    {
        // One untagged track: the single node gives it a neighbour vote over the whole index, which a shard cannot.
        var catalog = Seeded(400, modelGenres: false);
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var track = store.TracksById().Values.OrderBy(t => t.Id).Skip(7).First();
            store.UpsertTrack(track with { GenreTag = null });
        }

        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 3 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        await new ShardedSearch(cluster.Client, spec).InfoAsync();
        var exact = ShardRows.LoadSnapshot(spec);
        Assert.Equal(GenreInfo.LabelsOneHot, exact.GenreInfo);
        Assert.Null(await index.GenreTracksAsync([exact.Context.Tracks[0].Id]));

        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);
        var id = exact.Context.Tracks[3].Id;
        AssertSame(await local.SimilarAsync(id, SimilarMethod.M2, 10), await remote.SimilarAsync(id, SimilarMethod.M2, 10));
        Assert.Equal(1, remote.SnapshotLoads);
    }

    [Fact]
    public void ShardTopKKeepsTheBestValidRowsTiesToTheLowerRow()
    {
        float[] scores = [0.5f, 0.9f, float.NaN, 0.9f, 0.1f, 0.7f, 0.9f];
        Assert.Equal([1, 3, 6, 5], ShardGenreSearch.Best(scores, _ => true, 4));
        Assert.Equal([1, 6, 5], ShardGenreSearch.Best(scores, r => r != 3, 3));
        Assert.Empty(ShardGenreSearch.Best(scores, _ => true, 0));
        Assert.Equal([1, 3, 6, 5, 0, 4], ShardGenreSearch.Best(scores, _ => true, 10));
    }

    private static void AssertSame(IReadOnlyList<RecommendationItem> expected, IReadOnlyList<RecommendationItem> got)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(i => (i.Id, i.Title)), got.Select(i => (i.Id, i.Title)));
        Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
    }

    private static async Task<(IReadOnlyList<RecommendationItem>? Items, string? Error)> TryAsync(Func<Task<IReadOnlyList<RecommendationItem>>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (Timbre.Core.Errors.TimbreException e)
        {
            return (null, e.Message);
        }
    }

    private string Seeded(int tracks, bool modelGenres)
    {
        var catalog = server.CreateDatabase();
        using var store = CatalogStores.Open(catalog, create: true);
        SyntheticCatalog.Write(store, new SyntheticCatalogOptions
        {
            Tracks = tracks, Dimension = 16, Users = 6, Genres = 6, Seed = 12, ModelId = "summary", FeatureVersion = 1, WithGenreProbabilities = modelGenres,
        });
        return catalog;
    }

    private static CatalogBackend Backend(string catalog, Timbre.App.SharedIndex.ISharedIndex? shared) =>
        new(CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer(), new CatalogBackendOptions { SharedIndex = shared, ChangeCheckInterval = TimeSpan.Zero });
}
