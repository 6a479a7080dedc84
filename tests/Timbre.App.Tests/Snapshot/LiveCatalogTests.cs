using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Snapshot;

/// <summary>The live snapshot follows likes and new tracks without reloading the catalog or rebuilding the index.</summary>
public sealed class LiveCatalogTests : IDisposable
{
    private static readonly string[] Labels = ["jazz", "metal", "pop"];
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-live-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void TwentyLikes_BuildTheIndexOnce_AndRecommendAsAFreshLoadDoes()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var tracks = store.SaveAnalysesBatch(Enumerable.Range(0, 12).Select(i => (Track(i), Analysis(i)))).ToList();
        var ann = store.CreateUser("ann", "");
        var bob = store.CreateUser("bob", "");
        var live = new LiveCatalog(SnapshotOptions.For("cnn", 1), Labels);
        var first = live.Load(store);

        for (var i = 0; i < 20; i++)
        {
            var user = i % 3 == 0 ? bob : ann;
            var kind = i % 5 == 4 ? InteractionKind.Dislike : i % 4 == 3 ? InteractionKind.Play : InteractionKind.Like;
            var saved = store.AddInteraction(new InteractionRecord(0, user.Id, tracks[(i * 7) % tracks.Count].Id, kind, 1, DateTimeOffset.UnixEpoch.AddMinutes(i)));
            live.Apply([saved]);
        }

        var current = live.Current!;
        Assert.Equal(1, live.Loads);
        Assert.Same(first.Context.Index, current.Context.Index);
        Assert.Same(first.Context.Tracks, current.Context.Tracks);
        Assert.Equal(20, current.Context.Interactions.Count);

        var fresh = CatalogContextLoader.Load(store, live.Options);
        foreach (var user in new[] { ann, bob })
        {
            var key = CatalogSnapshot.UserKey(user.Id);
            Assert.Equal(fresh.Context.WeightsOf(key).OrderBy(w => w.Key), current.Context.WeightsOf(key).OrderBy(w => w.Key));
            foreach (var method in new[] { "profile", "user-knn", "hybrid" })
            {
                var request = RecommendationRequest.ForUser(key, 5);
                Assert.Equal(
                    fresh.Recommender(method).Recommend(request).Select(r => (r.TrackId, r.Why)),
                    current.Recommender(method).Recommend(request).Select(r => (r.TrackId, r.Why)));
            }
        }
    }

    [Fact]
    public void AnEmptyCatalog_TakesNewTracks_WithoutALoad_AndDropsRemovedOnes()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var live = new LiveCatalog(SnapshotOptions.For("cnn", 1), Labels);
        var empty = live.Load(store);
        Assert.Empty(empty.Context.Tracks);
        Assert.Equal("cnn@v1", empty.Context.FeatureVersion);
        Assert.Equal(Labels, empty.FromOutsideAnalysis(Analysis(1), "/outside.wav").GenreProbabilities.Select((_, i) => Labels[i])); // an upload to a new server

        var saved = store.SaveAnalysesBatch(Enumerable.Range(0, 6).Select(i => (Track(i), Analysis(i))));
        Assert.True(live.ApplyTracks(saved.Select((t, i) => (t, (IReadOnlyList<AnalysisRecord>)[Analysis(i)])).ToList(), []));
        Assert.True(live.ApplyTracks([], [saved[2].Id]));

        var current = live.Current!;
        Assert.Equal(1, live.Loads);
        store.DeleteTrack(saved[2].Id);
        var fresh = CatalogContextLoader.Load(store, live.Options);
        Assert.Equal(fresh.Context.Tracks.Select(t => t.Id).Order(), current.Context.Tracks.Select(t => t.Id).Order());
        var request = RecommendationRequest.ForSeeds([saved[0].Id], 4);
        Assert.Equal(
            fresh.Recommender("m2").Recommend(request).Select(r => (r.TrackId, r.Why)),
            current.Recommender("m2").Recommend(request).Select(r => (r.TrackId, r.Why)));
        Assert.Equal("metal", current.PredictedGenre(saved[1].Id));
    }

    private static TrackRecord Track(int i) => new()
    {
        Path = $"/lib/{Labels[i % 3]}/t{i}.wav",
        SizeBytes = 1,
        ModifiedUtc = DateTime.UnixEpoch,
        Title = $"t{i}",
        Artist = $"artist {i % 4}",
    };

    private static AnalysisRecord Analysis(int i) => new()
    {
        ModelId = "cnn",
        FeatureVersion = 1,
        Embedding = [MathF.Cos(i), MathF.Sin(i), 0.1f * (i % 3), 1],
        GenreLabels = Labels,
        GenreProbabilities = [i % 3 == 0 ? 0.8f : 0.1f, i % 3 == 1 ? 0.8f : 0.1f, i % 3 == 2 ? 0.8f : 0.1f],
        AnalysedAt = DateTimeOffset.UnixEpoch,
    };
}
