using Timbre.App.SharedIndex;
using Timbre.Audio;
using Timbre.Cluster.Search;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Playlists;
using Timbre.Recommendation.Space;
using Timbre.Storage;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cluster.Tests;

/// <summary>
/// The playlist journeys of <c>timbre serve --cluster</c> walked on the shards: the sonic path and the map's path,
/// "more like these" (several seeds' mean), a radio station, and library pages' predicted genres equal the
/// in-process ones (same ids; similarities equal) on seeded catalogs, plain and in a fitted space (mutual proximity),
/// without the server loading its snapshot.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterPlaylistServeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task PathsRadioMoreLikeTheseAndPredictedGenresThroughTheClusterEqualTheInProcessOnes()
    {
        var catalog = Seeded(1200);
        await using var cluster = await TestClusters.StartAsync();
        var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalog, ModelId = "summary", FeatureVersion = 1, Count = 4 });
        await using var index = new ClusterIndex(cluster.Client, spec);
        var exact = ShardRows.LoadSnapshot(spec);
        Assert.Equal(GenreInfo.Model, exact.GenreInfo);
        Assert.Null(exact.Context.ProximityOptions);
        using var local = Backend(catalog, null);
        using var remote = Backend(catalog, index);

        // The first call loads the shards: without the server's 10 s bound (a busy machine).
        await new ShardedSearch(cluster.Client, spec).InfoAsync();
        var ids = exact.Context.Tracks.Select(t => t.Id).ToList();
        var random = new Random(13);
        long Any() => ids[random.Next(ids.Count)];

        await AssertPathsEqual(local, remote, [(Any(), Any(), 8), (Any(), Any(), 25), (ids[0], ids[^1], 3)]);

        // More like these: one seed, several (an album's worth up to the seed limit), and unknown ids among them.
        long[][] seedLists = [[Any()], [Any(), Any()], [Any(), Any(), Any()], [.. ids.Take(5)], [-5, Any(), Any()], [-5]];
        foreach (var seeds in seedLists)
        {
            var got = await remote.SimilarToAsync(seeds, 12);
            AssertMatchesEqual(await local.SimilarToAsync(seeds, 12), got);
            Assert.Equal(seeds.Any(ids.Contains) ? 12 : 0, got.Count);
            Assert.DoesNotContain(got, m => seeds.Contains(m.Id));
        }

        // Six seeds: both refuse (method 1 takes at most five).
        await Assert.ThrowsAsync<RecommendationException>(() => local.SimilarToAsync([.. ids.Take(6)], 5));
        await Assert.ThrowsAsync<RecommendationException>(() => remote.SimilarToAsync([.. ids.Take(6)], 5));

        // A radio station, 30 steps: artists repeat within albums, so the separation rule picks past near neighbours.
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var space = new SharedPlaylistSpace(index, (id, _) => Task.FromResult(store.FindTrack(id)?.Artist));
            foreach (var (seed, weight) in new[] { (Any(), 0.5f), (Any(), 0.9f) })
            {
                var options = new RadioOptions { SeedWeight = weight };
                var inProcess = await new PlaylistBuilder(exact.Context).RadioAsync(seed, options);
                var sharded = await new PlaylistBuilder(space).RadioAsync(seed, options);
                for (var step = 0; step < 30; step++)
                {
                    Assert.Equal(await inProcess.NextAsync(), await sharded.NextAsync());
                }

                Assert.Equal(inProcess.Played, sharded.Played);
            }

            Assert.True(space.Searches >= 60, $"{space.Searches} searches");
        }

        // An abandoned request (its token cancelled after the third step's search) stops its walk: no further call.
        var from = ids[0];
        var to = ids[^1];
        foreach (var walk in new Func<Abandoning, CatalogBackend, CancellationToken, Task>[]
        {
            (_, b, ct) => b.SonicPathAsync(from, to, 25, ct),
            (_, b, ct) => b.PathBetweenAsync(from, to, 25, ct),
            async (a, _, ct) =>
            {
                var radio = await new PlaylistBuilder(new SharedPlaylistSpace(a, (_, _) => Task.FromResult<string?>(""))).RadioAsync(from, null, ct);
                while (await radio.NextAsync(ct) is not null)
                {
                }
            },
        })
        {
            using var request = new CancellationTokenSource();
            var abandoning = new Abandoning(index, request, searches: 3);
            using var walking = Backend(catalog, abandoning);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => walk(abandoning, walking, request.Token));
            Assert.Equal(3, abandoning.Searches);
            Assert.Equal(abandoning.CallsAtCancel, abandoning.Calls);
            Assert.Equal(abandoning.CallsAtCancel, abandoning.Answered);
        }

        // "More like these" and the taste page: a request abandoned before it asks is refused before any shard call.
        using (var abandoned = new CancellationTokenSource())
        {
            await abandoned.CancelAsync();
            var abandoning = new Abandoning(index, abandoned, searches: 0);
            using var asking = Backend(catalog, abandoning);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking.SimilarToAsync([ids[1], ids[2]], 10, abandoned.Token));
            Assert.Equal(0, abandoning.Answered);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.SearchAsync(exact.Context.Index.VectorAt(0).ToArray(), 5, [], abandoned.Token));
            using var store = CatalogStores.Open(catalog, create: false);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remote.GetTasteAsync(store.ListUsers()[0].Id, abandoned.Token));
        }

        // Library pages and the taste page's lists: the model's top genre, from the shards.
        var page = new LibraryQuery(PageSize: 50);
        var expected = local.ListTracks(page).Items;
        var listed = remote.ListTracks(page).Items;
        Assert.Equal(expected.Select(t => (t.Id, t.PredictedGenre)), listed.Select(t => (t.Id, t.PredictedGenre)));
        Assert.All(listed, t => Assert.NotNull(t.PredictedGenre));

        // Filtered and counted by predicted genre from the catalog: the snapshot's genre and count.
        var genre = listed[0].PredictedGenre!;
        var filtered = remote.ListTracks(new LibraryQuery(Genre: genre, PageSize: 40));
        Assert.Equal(exact.Context.Tracks.Count(t => exact.PredictedGenre(t.Id) == genre), filtered.Total);
        Assert.Equal(40, filtered.Items.Count);
        Assert.All(filtered.Items, t => Assert.Equal(genre, exact.PredictedGenre(t.Id)));
        using (var store = CatalogStores.Open(catalog, create: false))
        {
            var user = store.ListUsers()[0].Id;
            var (mine, theirs) = (await local.GetTasteAsync(user), await remote.GetTasteAsync(user));
            Assert.NotEmpty(theirs.Likes);
            Assert.Equal(mine.Likes.Select(t => (t.Id, t.PredictedGenre)), theirs.Likes.Select(t => (t.Id, t.PredictedGenre)));
            Assert.Equal(mine.Dislikes.Select(t => (t.Id, t.PredictedGenre)), theirs.Dislikes.Select(t => (t.Id, t.PredictedGenre)));
        }

        Assert.Equal(0, remote.SnapshotLoads);
    }

    [Fact]
    public async Task InAFittedSpacePathsAndMoreLikeTheseReRankedByMutualProximityEqualTheInProcessOnes()
    {
        var catalog = Seeded(1500);
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

        // The first re-ranked query loads the shards and draws the sample: without the server's 10 s bound.
        var warm = exact.Tracks[0];
        await new ShardedSearch(cluster.Client, spec).SimilarAsync(exact.Index.VectorAt(0).ToArray(), warm.Id, 10, [warm.Id]);
        var ids = exact.Tracks.Select(t => t.Id).ToList();
        await AssertPathsEqual(local, remote, [(ids[3], ids[1400], 10), (ids[77], ids[700], 25)]);

        // One seed: method 1 re-ranked by mutual proximity on the shards.
        foreach (var seed in new[] { ids[5], ids[900] })
        {
            AssertMatchesEqual(await local.SimilarToAsync([seed], 10), await remote.SimilarToAsync([seed], 10));
        }

        // Several seeds: each seed's mutual proximity averaged over the shards' candidates, as in process.
        var reordered = 0;
        long[][] seedLists = [[ids[5], ids[900]], [ids[10], ids[11], ids[12]], [ids[1], ids[400], ids[800], ids[1200], ids[1499]]];
        foreach (var seeds in seedLists)
        {
            var got = await remote.SimilarToAsync(seeds, 10);
            AssertMatchesEqual(await local.SimilarToAsync(seeds, 10), got);
            Assert.Equal(10, got.Count);

            // Mutual proximity did re-rank: the list is not the cosine top 10 to the seeds' mean.
            var mean = new float[exact.Index.Dimension];
            foreach (var id in seeds)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(mean, exact.Index.VectorAt(exact.RowOf(id)), mean);
            }

            reordered += exact.Index.Search(mean, 10, seeds.ToHashSet()).Select(h => h.Id).SequenceEqual(got.Select(m => m.Id)) ? 0 : 1;
        }

        Assert.True(reordered > 0, "mutual proximity changed no list: the test would not see it missing");
        Assert.Equal(0, remote.SnapshotLoads);
    }

    private static async Task AssertPathsEqual(CatalogBackend local, CatalogBackend remote, IEnumerable<(long From, long To, int Count)> pairs)
    {
        foreach (var (from, to, count) in pairs.Where(p => p.From != p.To))
        {
            var expected = await local.SonicPathAsync(from, to, count);
            var got = await remote.SonicPathAsync(from, to, count);
            Assert.Equal(count, got.Count);
            AssertMatchesEqual(expected, got);
            Assert.Equal(await local.PathBetweenAsync(from, to, count), await remote.PathBetweenAsync(from, to, count));
        }

        await Assert.ThrowsAsync<Timbre.Core.Errors.TimbreException>(() => remote.SonicPathAsync(-5, pairs.First().To, 5));
        await Assert.ThrowsAsync<Timbre.Core.Errors.TimbreException>(() => remote.PathBetweenAsync(pairs.First().From, -5, 5));
    }

    private static void AssertMatchesEqual(IReadOnlyList<SonicMatch> expected, IReadOnlyList<SonicMatch> got)
    {
        Assert.Equal(expected.Select(m => m.Id), got.Select(m => m.Id));
        Assert.All(expected.Zip(got), p => Assert.Equal(p.First.Similarity, p.Second.Similarity, 1e-6));
    }

    private string Seeded(int tracks)
    {
        var catalog = server.CreateDatabase();
        using var store = CatalogStores.Open(catalog, create: true);
        SyntheticCatalog.Write(store, new SyntheticCatalogOptions
        {
            Tracks = tracks, Dimension = 16, Users = 1, Genres = 6, Seed = 21, ModelId = "summary", FeatureVersion = 1, WithGenreProbabilities = true,
        });
        return catalog;
    }

    /// <summary>
    /// The cluster's index, counting the calls made with a live token (<see cref="Calls"/>: those it may pass to the
    /// shards; it refuses a cancelled one before any shard call) and those answered (<see cref="Answered"/>), that
    /// cancels <paramref name="request"/> once its <paramref name="searches"/>-th search is answered.
    /// </summary>
    private sealed class Abandoning(ClusterIndex inner, CancellationTokenSource request, int searches) : ISharedIndex, ISharedPlaylistIndex
    {
        public int Searches { get; private set; }

        public int Calls { get; private set; }

        public int Answered { get; private set; }

        public int CallsAtCancel { get; private set; } = -1;

        public async Task<IReadOnlyList<SharedHit>> SearchAsync(float[] target, int k, IReadOnlyCollection<long> exclude, CancellationToken cancellationToken = default)
        {
            var hits = await Counted(inner.SearchAsync(target, k, exclude, cancellationToken));
            if (++Searches == searches)
            {
                CallsAtCancel = Calls;
                await request.CancelAsync();
            }

            return hits;
        }

        public Task<IReadOnlyDictionary<long, float[]>> VectorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
            Counted(inner.VectorsAsync(ids, cancellationToken));

        public Task<IReadOnlyList<SharedHit>?> SimilarToSeedsAsync(IReadOnlyList<long> seeds, int k, CancellationToken cancellationToken = default) =>
            Counted(inner.SimilarToSeedsAsync(seeds, k, cancellationToken));

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => Counted(inner.CountAsync(cancellationToken));

        public Task<IReadOnlyList<SharedHit>?> NearestAsync(long id, int k, CancellationToken cancellationToken = default) =>
            Counted(inner.NearestAsync(id, k, cancellationToken));

        public Task<IReadOnlyList<SharedHit>> NearestToAsync(float[] vector, int k, CancellationToken cancellationToken = default) =>
            Counted(inner.NearestToAsync(vector, k, cancellationToken));

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => inner.IsReachableAsync(cancellationToken);

        private async Task<T> Counted<T>(Task<T> call)
        {
            Calls += request.IsCancellationRequested ? 0 : 1;
            var answer = await call;
            Answered++;
            return answer;
        }
    }

    private static CatalogBackend Backend(string catalog, ISharedIndex? shared) =>
        new(CatalogStores.Open(catalog, create: false), AudioDecoders.CreateDefault(), new SyntheticSetAnalyzer(), new CatalogBackendOptions { SharedIndex = shared, ChangeCheckInterval = TimeSpan.Zero });
}
