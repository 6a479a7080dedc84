using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Storage.Sqlite;

namespace Timbre.Recommendation.Tests.Catalog;

/// <summary>A snapshot applies interactions and tracks incrementally and ends where a fresh load would.</summary>
public sealed class IncrementalSnapshotTests : IDisposable
{
    private static readonly string[] Labels = ["jazz", "metal", "pop"];
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-incr-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void AddedInteractions_RefoldOnlyTheirUsers_ShareTheIndex_AndMatchAFullLoad()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var tracks = store.SaveAnalysesBatch(Enumerable.Range(0, 9).Select(i => (Track(i, null), Analysis(i, Labels))));
        var ann = store.CreateUser("ann", "");
        var bob = store.CreateUser("bob", "");
        store.AddInteraction(new InteractionRecord(0, bob.Id, tracks[4].Id, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch));
        var before = CatalogContextLoader.Load(store);
        var bobWeights = before.Context.WeightsOf(CatalogSnapshot.UserKey(bob.Id));

        var added = new[]
        {
            store.AddInteraction(new InteractionRecord(0, ann.Id, tracks[1].Id, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch.AddHours(1))),
            store.AddInteraction(new InteractionRecord(0, ann.Id, tracks[1].Id, InteractionKind.Dislike, 1, DateTimeOffset.UnixEpoch.AddHours(2))),
            store.AddInteraction(new InteractionRecord(0, ann.Id, tracks[2].Id, InteractionKind.Rating, 5, DateTimeOffset.UnixEpoch.AddHours(3))),
            store.AddInteraction(new InteractionRecord(0, ann.Id, tracks[3].Id, InteractionKind.Play, 3, DateTimeOffset.UnixEpoch.AddHours(4))),
        };
        var after = before.WithAddedInteractions(added.Select(CatalogSnapshot.InteractionOf).ToList());
        var full = CatalogContextLoader.Load(store);

        Assert.Same(before.Context.Index, after.Context.Index);
        Assert.Same(bobWeights, after.Context.WeightsOf(CatalogSnapshot.UserKey(bob.Id))); // untouched user: not folded again
        Assert.Empty(before.Context.WeightsOf(CatalogSnapshot.UserKey(ann.Id))); // the old snapshot did not change
        foreach (var user in new[] { ann, bob })
        {
            var key = CatalogSnapshot.UserKey(user.Id);
            Assert.Equal(full.Context.WeightsOf(key).OrderBy(w => w.Key), after.Context.WeightsOf(key).OrderBy(w => w.Key));
        }

        Assert.Equal(full.Context.Users.Order(), after.Context.Users.Order());
    }

    [Fact]
    public void WithTracks_InAModelSet_GivesTheFeaturesAFullLoadGives()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var first = store.SaveAnalysesBatch(Enumerable.Range(0, 6).Select(i => (Track(i, "jazz"), Analysis(i, Labels))));
        var user = store.CreateUser("ann", "");
        store.AddInteraction(new InteractionRecord(0, user.Id, first[5].Id, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch));
        store.AddInteraction(new InteractionRecord(0, user.Id, first[1].Id, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch));
        var before = CatalogContextLoader.Load(store, new CatalogLoadOptions { SummaryStats = new Dictionary<string, int> { ["x"] = 0 } });

        var later = store.SaveAnalysesBatch(Enumerable.Range(6, 3).Select(i => (Track(i, null), Analysis(i, Labels))));
        store.DeleteTrack(first[5].Id);
        var after = before.WithTracks(later.Select((t, i) => (t, (IReadOnlyList<AnalysisRecord>)[Analysis(6 + i, Labels)])).ToList(), [first[5].Id])!;
        var full = CatalogContextLoader.Load(store, before.Options);

        Assert.Equal(full.Context.Tracks.Select(t => t.Id), after.Context.Tracks.Select(t => t.Id));
        for (var r = 0; r < full.Context.Tracks.Count; r++)
        {
            var (a, b) = (full.Context.Tracks[r], after.Context.Tracks[r]);
            Assert.Equal((a.Title, a.Artist, a.Path, a.Genre, a.FeatureVersion), (b.Title, b.Artist, b.Path, b.Genre, b.FeatureVersion));
            Assert.Equal(a.Embedding, b.Embedding);
            Assert.Equal(a.GenreProbabilities, b.GenreProbabilities);
            Assert.Equal(a.Stats, b.Stats);
        }

        var key = CatalogSnapshot.UserKey(user.Id);
        Assert.Equal(full.Context.WeightsOf(key).OrderBy(w => w.Key), after.Context.WeightsOf(key).OrderBy(w => w.Key));
        Assert.Equal(full.ResolveTrack(later[1].Path), after.ResolveTrack(later[1].Path));
        Assert.Null(after.ResolveTrack(first[5].Path));
        var request = RecommendationRequest.ForSeeds([later[0].Id], 5);
        Assert.Equal(full.Recommender("m2").Recommend(request).Select(r => (r.TrackId, r.Why)), after.Recommender("m2").Recommend(request).Select(r => (r.TrackId, r.Why)));
    }

    [Fact]
    public void WithTracks_WhenGenresComeFromLabels_AsksForAFullLoad()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        store.SaveAnalysesBatch(Enumerable.Range(0, 4).Select(i => (Track(i, i % 2 == 0 ? "jazz" : "pop"), Analysis(i, []))));
        var snapshot = CatalogContextLoader.Load(store, new CatalogLoadOptions { Fallback = GenreFallback.OneHot });
        Assert.Equal(GenreInfo.LabelsOneHot, snapshot.GenreInfo);

        var saved = store.SaveAnalysesBatch([(Track(9, "jazz"), Analysis(9, []))]);

        Assert.Null(snapshot.WithTracks([(saved[0], [Analysis(9, [])])], []));
    }

    private static TrackRecord Track(int i, string? genre) => new()
    {
        Path = $"/lib/{Labels[i % 3]}/t{i}.wav",
        SizeBytes = 1,
        ModifiedUtc = DateTime.UnixEpoch,
        Title = i == 7 ? " " : $"t{i}",
        Artist = $"artist {i % 4}",
        GenreTag = genre,
    };

    private static AnalysisRecord Analysis(int i, IReadOnlyList<string> labels) => new()
    {
        ModelId = "cnn",
        FeatureVersion = 1,
        Embedding = [MathF.Cos(i), MathF.Sin(i), 0.1f * (i % 3), 1],
        GenreLabels = labels,
        GenreProbabilities = labels.Count == 0 ? [] : [i % 3 == 0 ? 0.8f : 0.1f, i % 3 == 1 ? 0.8f : 0.1f, i % 3 == 2 ? 0.8f : 0.1f],
        SummaryFeatures = [i, 2 * i],
        AnalysedAt = DateTimeOffset.UnixEpoch,
    };
}
