using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Storage.Sqlite;

namespace Timbre.Recommendation.Tests.Catalog;

/// <summary>
/// The serving snapshot file: a snapshot served from it equals a load from the catalog (round trip), a stale, torn or
/// corrupt file is rebuilt and never trusted, and tracks applied to a file snapshot end where a fresh load does.
/// </summary>
public sealed class SnapshotFileTests : IDisposable
{
    private static readonly string[] Labels = ["jazz", "metal", "pop"];
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-snapfile-").FullName;
    private readonly List<string> _log = [];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(true)] // model genre probabilities
    [InlineData(false)] // one-hot of the tags, neighbour vote for untagged tracks
    public void ServedFromTheFile_EqualsALoadFromTheCatalog(bool modelGenres)
    {
        using var store = Catalog(modelGenres ? Labels : [], 40);
        var plain = CatalogContextLoader.Load(store, Plain);
        var written = CatalogContextLoader.Load(store, WithFile(store));
        var opened = CatalogContextLoader.Load(store, WithFile(store));

        Assert.Contains(_log, l => l.Contains("writing", StringComparison.Ordinal) && l.Contains("no snapshot file", StringComparison.Ordinal));
        Assert.StartsWith("Snapshot file: opened", _log[^1], StringComparison.Ordinal);
        AssertSame(plain, written);
        AssertSame(plain, opened);
    }

    [Fact]
    public void ContentSequence_MovesWithAnalysesAndTracks_NotWithLikes()
    {
        using var store = Catalog(Labels, 12);
        var user = store.CreateUser("ann", "");
        var before = store.ContentSequence();
        store.AddInteraction(new InteractionRecord(0, user.Id, 1, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch));
        Assert.Equal(before, store.ContentSequence());
        store.SaveAnalysesBatch([(Track(50, "jazz"), Analysis(50, Labels))]);
        var added = store.ContentSequence();
        Assert.True(added > before);
        store.DeleteTrack(store.FindTrackByPath(Track(50, null).Path)!.Id);
        Assert.True(store.ContentSequence() > added);
    }

    [Fact]
    public void AStaleFile_IsRebuilt_AndALikeDoesNotMakeItStale()
    {
        using var store = Catalog(Labels, 20);
        _ = CatalogContextLoader.Load(store, WithFile(store));
        var user = store.CreateUser("ann", "");
        store.AddInteraction(new InteractionRecord(0, user.Id, 3, InteractionKind.Like, 1, DateTimeOffset.UnixEpoch));
        var liked = CatalogContextLoader.Load(store, WithFile(store));
        Assert.StartsWith("Snapshot file: opened", _log[^1], StringComparison.Ordinal);
        Assert.NotEmpty(liked.Context.WeightsOf(CatalogSnapshot.UserKey(user.Id)));

        store.SaveAnalysesBatch([(Track(30, "pop"), Analysis(30, Labels))]);
        var stale = CatalogContextLoader.Load(store, WithFile(store));
        Assert.Contains("the catalog changed", _log[^1], StringComparison.Ordinal);
        AssertSame(CatalogContextLoader.Load(store, Plain), stale);
    }

    [Theory]
    [InlineData("vectors")]
    [InlineData("columns")]
    [InlineData("torn")]
    [InlineData("garbage")]
    public void ACorruptFile_IsDetectedAndRebuilt(string damage)
    {
        using var store = Catalog(Labels, 20);
        _ = CatalogContextLoader.Load(store, WithFile(store));
        var file = Directory.GetFiles(_dir, "*.snapshot", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes = damage switch
        {
            "vectors" => Flipped(bytes, bytes.Length - 3),
            "columns" => Flipped(bytes, 80),
            "torn" => bytes[..^7],
            _ => [.. Enumerable.Repeat((byte)0x5A, 200)],
        };

        File.WriteAllBytes(file, bytes);
        var rebuilt = CatalogContextLoader.Load(store, WithFile(store));
        Assert.Contains("writing", _log[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("no snapshot file", _log[^1], StringComparison.Ordinal);
        AssertSame(CatalogContextLoader.Load(store, Plain), rebuilt);
        _ = CatalogContextLoader.Load(store, WithFile(store));
        Assert.StartsWith("Snapshot file: opened", _log[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TracksAddedToAndRemovedFromAFileSnapshot_EqualAFreshLoad()
    {
        using var store = Catalog(Labels, 30);
        var served = CatalogContextLoader.Load(store, WithFile(store));
        var later = store.SaveAnalysesBatch(Enumerable.Range(40, 4).Select(i => (Track(i, null), Analysis(i, Labels))));
        var gone = store.FindTrackByPath(Track(5, null).Path)!.Id;
        store.DeleteTrack(gone);
        var after = served.WithTracks(later.Select((t, i) => (t, (IReadOnlyList<AnalysisRecord>)[Analysis(40 + i, Labels)])).ToList(), [gone])!;

        AssertSame(CatalogContextLoader.Load(store, Plain), after);
        AssertSame(CatalogContextLoader.Load(store, WithFile(store)), after);
    }

    [Fact]
    public void ChoosingFromAFileSnapshot_ReadsTagsOfSeedsOnly()
    {
        // Near-duplicate and artist tests read the file's key columns: the catalog is asked for no candidate's tags
        // (at 1 M tracks each such read went through the reader pool, per candidate, per request).
        using var store = Catalog(Labels, 40);
        var asked = new HashSet<long>();
        var options = WithFile(store) with
        {
            Metadata = new CachedTrackMetadata(id => { lock (asked) { asked.Add(id); } return store.FindTrack(id); }, store.FindTrackByPath),
        };
        _ = CatalogContextLoader.Load(store, options);
        var served = CatalogContextLoader.Load(store, options);
        Assert.StartsWith("Snapshot file: opened", _log[^1], StringComparison.Ordinal);
        asked.Clear();
        var seeds = new[] { served.Context.Tracks[1].Id, served.Context.Tracks[2].Id };
        var picked = served.Recommender("m1").Recommend(RecommendationRequest.ForSeeds(seeds, 5) with
        {
            Filters = new RecommendationFilters { MaxPerArtist = 2 },
        });
        Assert.Equal(5, picked.Count);
        Assert.Subset(seeds.ToHashSet(), asked);
        Assert.True(picked.GroupBy(p => served.Context.Tracks[served.Context.RowOf(p.TrackId)].Artist).All(g => g.Count() <= 2));
    }

    private static CatalogLoadOptions Plain { get; } = new() { SummaryStats = new Dictionary<string, int> { ["x"] = 0, ["y"] = 1, ["far"] = 9 } };

    private CatalogLoadOptions WithFile(SqliteCatalogStore store) => Plain with
    {
        GraphDirectory = Path.Combine(_dir, "c.db.ann"),
        GraphLog = _log.Add,
        Metadata = new CachedTrackMetadata(store.FindTrack, store.FindTrackByPath),
    };

    private static void AssertSame(CatalogSnapshot expected, CatalogSnapshot actual)
    {
        var (e, a) = (expected.Context, actual.Context);
        Assert.Equal(e.FeatureVersion, a.FeatureVersion);
        Assert.Equal(e.GenreLabels, a.GenreLabels);
        Assert.Equal(expected.GenreInfo, actual.GenreInfo);
        Assert.Equal(e.Tracks.Select(t => t.Id), a.Tracks.Select(t => t.Id));
        for (var r = 0; r < e.Tracks.Count; r++)
        {
            var (x, y) = (e.Tracks[r], a.Tracks[r]);
            Assert.Equal((x.Title, x.Artist, x.Album, x.Path, x.Genre, x.DurationSeconds, x.FeatureVersion), (y.Title, y.Artist, y.Album, y.Path, y.Genre, y.DurationSeconds, y.FeatureVersion));
            Assert.Equal(x.SelectionKeys, y.SelectionKeys);
            Assert.Equal(x.GenreProbabilities, y.GenreProbabilities);
            Assert.Equal(x.Stats.OrderBy(s => s.Key), y.Stats.OrderBy(s => s.Key));
            Assert.Equal(e.Index.VectorAt(r).ToArray(), a.Index.VectorAt(r).ToArray()); // bit-identical unit rows
            Assert.Equal(e.TopGenreOf(r), a.TopGenreOf(r));
            Assert.Equal(expected.ResolveTrack(x.Path), actual.ResolveTrack(x.Path));
        }

        foreach (var method in new[] { "m1", "profile" })
        {
            var request = RecommendationRequest.ForSeeds([e.Tracks[1].Id, e.Tracks[2].Id], 8);
            Assert.Equal(Ranked(expected, method, request), Ranked(actual, method, request));
        }
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        bytes[at] ^= 0x40;
        return bytes;
    }

    private static List<(long, double)> Ranked(CatalogSnapshot s, string method, RecommendationRequest request)
        => s.Recommender(method).Recommend(request).Select(r => (r.TrackId, r.Score)).ToList();

    private SqliteCatalogStore Catalog(IReadOnlyList<string> labels, int count)
    {
        var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        store.SaveAnalysesBatch(Enumerable.Range(0, count).Select(i => (Track(i, i % 5 == 4 ? null : Labels[i % 3]), Analysis(i, labels))));
        return store;
    }

    private static TrackRecord Track(int i, string? genre) => new()
    {
        Path = $"/lib/{Labels[i % 3]}/t{i}.wav",
        SizeBytes = 1,
        ModifiedUtc = DateTime.UnixEpoch,
        Title = i == 7 ? " " : $"t{i}",
        Artist = $"artist {i % 4}",
        Album = i % 2 == 0 ? $"album {i % 3}" : null,
        DurationSeconds = 30 + i,
        GenreTag = genre,
    };

    private static AnalysisRecord Analysis(int i, IReadOnlyList<string> labels) => new()
    {
        ModelId = "cnn",
        FeatureVersion = 1,
        Embedding = [MathF.Cos(i), MathF.Sin(i), 0.1f * (i % 3), 1, MathF.Sin(3 * i)],
        GenreLabels = labels,
        GenreProbabilities = labels.Count == 0 ? [] : [i % 3 == 0 ? 0.8f : 0.1f, i % 3 == 1 ? 0.8f : 0.1f, i % 3 == 2 ? 0.8f : 0.1f],
        SummaryFeatures = [i, 2 * i],
        AnalysedAt = DateTimeOffset.UnixEpoch,
    };
}
