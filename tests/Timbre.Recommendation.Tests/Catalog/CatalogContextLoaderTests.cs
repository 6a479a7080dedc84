using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Storage.Sqlite;

namespace Timbre.Recommendation.Tests.Catalog;

public sealed class CatalogContextLoaderTests : IDisposable
{
    private static readonly string[] Labels = ["jazz", "metal", "pop"];
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-loader-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private SqliteCatalogStore Open() => new(Path.Combine(_dir, "c.db"));

    private static TrackRecord Track(string path, string? genreTag = null) => new() { Path = path, SizeBytes = 1, ModifiedUtc = DateTime.UnixEpoch, Title = Path.GetFileNameWithoutExtension(path), GenreTag = genreTag };

    private static AnalysisRecord Analysis(string model, int version, float[] embedding, IReadOnlyList<string> labels, float[] probs) =>
        new() { ModelId = model, FeatureVersion = version, Embedding = embedding, GenreLabels = labels, GenreProbabilities = probs, AnalysedAt = DateTimeOffset.UnixEpoch };

    /// <summary>Model "cnn" v1 (3 labels) on tracks 0–5; model "summary" v2 (no labels) on tracks 0–3; one untouched track.</summary>
    private IReadOnlyList<TrackRecord> TwoSets(SqliteCatalogStore store)
    {
        var saved = store.SaveAnalysesBatch(Enumerable.Range(0, 6).Select(i => (
            Track($"/lib/{Labels[i % 3]}/t{i}.wav"),
            Analysis("cnn", 1, [i, 1, 0], Labels, [i % 3 == 0 ? 0.8f : 0.1f, i % 3 == 1 ? 0.8f : 0.1f, i % 3 == 2 ? 0.8f : 0.1f]))));
        store.SaveAnalysesBatch(Enumerable.Range(0, 4).Select(i => (saved[i], Analysis("summary", 2, [1, i, 0, 0], [], []))));
        store.UpsertTrack(Track("/lib/none/unanalysed.wav"));
        return saved;
    }

    [Fact]
    public void Load_WithoutAModel_TakesTheLargestSet_WithItsLabels_AndLeavesOutUnanalysedTracks()
    {
        using var store = Open();
        var saved = TwoSets(store);
        var user = store.CreateUser("ann", "");
        store.AddInteraction(new InteractionRecord(0, user.Id, saved[1].Id, InteractionKind.Like, 1, DateTimeOffset.UtcNow));
        store.AddInteraction(new InteractionRecord(0, user.Id, saved[2].Id, InteractionKind.Rating, 2, DateTimeOffset.UtcNow));

        var snapshot = CatalogContextLoader.Load(store);

        Assert.Equal("cnn", snapshot.Set.ModelId);
        Assert.Equal(6, snapshot.Set.Count);
        Assert.Equal("cnn@v1", snapshot.Context.FeatureVersion);
        Assert.Equal(GenreInfo.Model, snapshot.GenreInfo);
        Assert.Equal(Labels, snapshot.Context.GenreLabels);
        Assert.Equal(saved.Select(t => t.Id), snapshot.Context.Tracks.Select(t => t.Id));
        Assert.Equal(0.8f, snapshot.FindTrack(saved[4].Id)!.GenreProbabilities[1]);
        var weights = snapshot.Context.WeightsOf(CatalogSnapshot.UserKey(user.Id));
        Assert.Equal(1f, weights[snapshot.Context.RowOf(saved[1].Id)]);
        Assert.Equal(-1f, weights[snapshot.Context.RowOf(saved[2].Id)]); // rating 2 → 2 − 3
        Assert.Equal(user.Id, snapshot.FindUser("ANN")!.Id);
        Assert.Equal(saved[3].Id, snapshot.ResolveTrack("/lib/jazz/t3.wav"));
        Assert.Equal(saved[3].Id, snapshot.ResolveTrack(saved[3].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(snapshot.ResolveTrack("/lib/none/unanalysed.wav"));
        Assert.Null(snapshot.ResolveTrack("424242"));
    }

    [Fact]
    public void Load_ANamedSetWithoutClassifier_TakesGenresFromTagsOrFolders_OneHot()
    {
        using var store = Open();
        TwoSets(store);
        var tagged = store.SaveAnalysesBatch([(Track("/lib/jazz/t0.wav", genreTag: "Swing"), Analysis("summary", 2, [1, 0, 0, 0], [], []))])[0];

        var tagsOnly = CatalogContextLoader.Load(store, new CatalogLoadOptions { ModelId = "summary" });
        Assert.Equal(GenreInfo.LabelsOneHot, tagsOnly.GenreInfo);
        Assert.Equal(["Swing"], tagsOnly.Context.GenreLabels);
        Assert.All(tagsOnly.Context.Tracks, t => Assert.Equal(1f, t.GenreProbabilities[0], 5));

        var folders = CatalogContextLoader.Load(store, new CatalogLoadOptions { ModelId = "summary", Labels = GenreLabelSource.TagsOrFolder });
        Assert.Equal(["jazz", "metal", "pop", "Swing"], folders.Context.GenreLabels);
        Assert.Equal("Swing", folders.FindTrack(tagged.Id)!.Genre);
        Assert.Equal([0f, 1f, 0f, 0f], folders.Context.Tracks[1].GenreProbabilities);
        Assert.Equal("summary@v2", folders.Context.FeatureVersion);
    }

    [Fact]
    public void NeighbourVote_NeverSeesATracksOwnLabel()
    {
        using var store = Open();
        // Four "a" tracks around (1, 0), four "b" tracks around (0, 1), and one "a"-tagged track sitting among the b's.
        var batch = new List<(TrackRecord, AnalysisRecord)>();
        for (var i = 0; i < 4; i++)
        {
            batch.Add((Track($"/l/a{i}.wav", "a"), Analysis("m", 1, [1, 0.05f * i], [], [])));
            batch.Add((Track($"/l/b{i}.wav", "b"), Analysis("m", 1, [0.05f * i, 1], [], [])));
        }

        batch.Add((Track("/l/odd.wav", "a"), Analysis("m", 1, [0.02f, 1], [], [])));
        var saved = store.SaveAnalysesBatch(batch);
        var snapshot = CatalogContextLoader.Load(store, new CatalogLoadOptions { Fallback = GenreFallback.NeighbourVote, NeighbourCount = 3 });

        Assert.Equal(GenreInfo.NeighbourVote, snapshot.GenreInfo);
        var odd = snapshot.FindTrack(saved[^1].Id)!;
        Assert.Equal("a", odd.Genre);
        Assert.Equal("b", snapshot.Context.GenreLabels[odd.TopGenre]);
        Assert.All(snapshot.Context.Tracks, t => Assert.Equal(1f, t.GenreProbabilities.Sum(), 4));
        Assert.Equal("a", snapshot.Context.GenreLabels[snapshot.FindTrack(saved[0].Id)!.TopGenre]);
    }

    [Fact]
    public void Load_WithNoLabelsAnywhere_HasNoGenres_AndGenreMethodsHaveNothingToUse()
    {
        using var store = Open();
        store.SaveAnalysesBatch([(Track("/x/1.wav"), Analysis("summary", 1, [1, 0], [], [])), (Track("/x/2.wav"), Analysis("summary", 1, [0, 1], [], []))]);
        var snapshot = CatalogContextLoader.Load(store);
        Assert.False(snapshot.HasGenres);
        Assert.Equal(GenreInfo.None, snapshot.GenreInfo);
        var m1 = new SimilarSongsRecommender(snapshot.Context).Recommend(RecommendationRequest.ForSeeds([snapshot.Context.Tracks[0].Id], 5));
        Assert.Equal([snapshot.Context.Tracks[1].Id], m1.Select(r => r.TrackId));
    }

    [Fact]
    public void Load_ReadsTracksPastTheFirstPage()
    {
        using var store = Open();
        var count = TrackQuery.MaxLimit + 1;
        store.SaveAnalysesBatch(Enumerable.Range(0, count).Select(i => (Track($"/lib/pop/t{i}.wav"), Analysis("cnn", 1, [i, 1, 0], Labels, [0.1f, 0.1f, 0.8f]))));

        Assert.Equal(count, store.TracksById().Count);
        Assert.Equal(count, CatalogContextLoader.Load(store).Context.Tracks.Count);
    }

    [Fact]
    public void ChooseSet_UnknownModelOrEmptyCatalog_IsAClearError()
    {
        using var store = Open();
        var empty = Assert.Throws<RecommendationException>(() => CatalogContextLoader.Load(store));
        Assert.Contains("timbre scan", empty.Message);
        TwoSets(store);
        var unknown = Assert.Throws<RecommendationException>(() => CatalogContextLoader.Load(store, new CatalogLoadOptions { ModelId = "nope" }));
        Assert.Contains("cnn v1 (6)", unknown.Message);
        Assert.Contains("summary v2 (4)", unknown.Message);
        Assert.Equal(2, CatalogContextLoader.ChooseSet(store, new CatalogLoadOptions { ModelId = "summary" }).FeatureVersion);
    }
}
