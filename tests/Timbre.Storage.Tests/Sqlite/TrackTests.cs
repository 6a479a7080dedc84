using Timbre.Core.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class TrackTests
{
    private static TrackRecord Track(string path, string? title = null, string? artist = null, string? genre = null, int? year = null, double duration = 100) =>
        new()
        {
            Path = path,
            SizeBytes = 1234,
            ModifiedUtc = new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567),
            Title = title,
            Artist = artist,
            GenreTag = genre,
            Year = year,
            DurationSeconds = duration,
        };

    [Fact]
    public void UpsertTrack_RoundTripsEveryField()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var input = Track("/m/a.flac", "Title ü", "Artist", "Jazz", 1999, 187.25) with { Album = "Alb", ContentHash = "h1:abc" };
        var saved = store.UpsertTrack(input);
        Assert.True(saved.Id > 0);

        var byPath = store.FindTrackByPath("/m/a.flac");
        var byId = store.FindTrack(saved.Id);
        Assert.Equal(input with { Id = saved.Id }, byPath);
        Assert.Equal(byPath, byId);
        Assert.Equal(DateTimeKind.Utc, byPath!.ModifiedUtc.Kind);
        Assert.Null(store.FindTrackByPath("/m/other.flac"));
        Assert.Null(store.FindTrack(saved.Id + 100));
    }

    [Fact]
    public void UpsertTrack_NullTagsStayNull_AndSamePathUpdatesInPlace()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var first = store.UpsertTrack(Track("/m/a.flac"));
        Assert.Null(store.FindTrack(first.Id)!.Title);

        var second = store.UpsertTrack(Track("/m/a.flac", title: "New") with { SizeBytes = 99 });
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("New", store.FindTrack(first.Id)!.Title);
        Assert.Equal(99, store.FindTrack(first.Id)!.SizeBytes);
        Assert.Equal(1, store.GetStats().PresentTracks);
    }

    [Fact]
    public void UpsertTrack_LocalTimeIsStoredAsUtc()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var utc = new DateTime(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        store.UpsertTrack(Track("/m/a.flac") with { ModifiedUtc = utc.ToLocalTime() });
        Assert.Equal(utc, store.FindTrackByPath("/m/a.flac")!.ModifiedUtc);
    }

    [Fact]
    public void UpsertTrack_NegativeSize_Throws()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Assert.Throws<CatalogException>(() => store.UpsertTrack(Track("/m/a.flac") with { SizeBytes = -1 }));
    }

    private static void Library(ICatalogStore store)
    {
        store.UpsertTrack(Track("/m/01.mp3", "Blue Train", "Coltrane", "Jazz", 1957, 640));
        store.UpsertTrack(Track("/m/02.mp3", "So What", "Miles Davis", "jazz", 1959, 562));
        store.UpsertTrack(Track("/m/03.mp3", "Paranoid", "Black Sabbath", "Rock", 1970, 170));
        store.UpsertTrack(Track("/m/04.mp3", "100% Pure", "Someone", "Pop", 2001, 200));
        store.UpsertTrack(Track("/m/05.mp3", null, null, null, null, 60));
        store.UpsertTrack(Track("/m/06.mp3", "Kind_of", "Miles Davis", "Jazz", 1959, 300));
    }

    private static string[] Paths(TrackPage page) => page.Items.Select(t => t.Path[3..5]).ToArray();

    [Fact]
    public void ListTracks_PagesCoverEverythingOnce()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Library(store);
        var seen = new List<string>();
        for (var offset = 0; offset < 6; offset += 4)
        {
            var page = store.ListTracks(new TrackQuery { Offset = offset, Limit = 4 });
            Assert.Equal(6, page.Total);
            seen.AddRange(Paths(page));
        }

        Assert.Equal(["01", "02", "03", "04", "05", "06"], seen);
        Assert.Empty(store.ListTracks(new TrackQuery { Offset = 6 }).Items);
    }

    [Fact]
    public void ListTracks_SearchIsCaseInsensitiveOverTagsAndPath_AndEscapesWildcards()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Library(store);
        Assert.Equal(["02", "06"], Paths(store.ListTracks(new TrackQuery { Search = "miles" })));
        Assert.Equal(["04"], Paths(store.ListTracks(new TrackQuery { Search = "%" })));
        Assert.Equal(["06"], Paths(store.ListTracks(new TrackQuery { Search = "_" })));
        Assert.Equal(["03"], Paths(store.ListTracks(new TrackQuery { Search = "03.mp3" })));
        Assert.Equal(0, store.ListTracks(new TrackQuery { Search = "nothing-like-this" }).Total);
    }

    [Fact]
    public void ListTracks_FiltersByGenreYearAndDuration()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Library(store);
        Assert.Equal(["01", "02", "06"], Paths(store.ListTracks(new TrackQuery { Genre = "JAZZ" })));
        Assert.Equal(["02", "03", "06"], Paths(store.ListTracks(new TrackQuery { YearFrom = 1958, YearTo = 1970 })));
        Assert.Equal(["02", "06"], Paths(store.ListTracks(new TrackQuery { Genre = "jazz", MaxDurationSeconds = 600 })));
        Assert.Equal(["03", "05"], Paths(store.ListTracks(new TrackQuery { MinDurationSeconds = 60, MaxDurationSeconds = 170 })));
        var combined = store.ListTracks(new TrackQuery { Genre = "jazz", YearFrom = 1959, Limit = 1 });
        Assert.Equal(2, combined.Total);
        Assert.Single(combined.Items);
    }

    [Fact]
    public void ListTracks_SortsWithUntaggedLastAndTiesById()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Library(store);
        Assert.Equal(["04", "01", "06", "03", "02", "05"], Paths(store.ListTracks(new TrackQuery { Sort = TrackSort.Title })));
        Assert.Equal(["02", "03", "06", "01", "04", "05"], Paths(store.ListTracks(new TrackQuery { Sort = TrackSort.Title, Descending = true })));
        Assert.Equal(["04", "03", "06", "02", "01", "05"], Paths(store.ListTracks(new TrackQuery { Sort = TrackSort.Year, Descending = true })));
        Assert.Equal(["05", "03", "04", "06", "02", "01"], Paths(store.ListTracks(new TrackQuery { Sort = TrackSort.Duration })));
        Assert.Equal(["06", "05", "04", "03", "02", "01"], Paths(store.ListTracks(new TrackQuery { Sort = TrackSort.Added, Descending = true })));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, TrackQuery.MaxLimit + 1)]
    public void ListTracks_BadPaging_Throws(int offset, int limit)
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Assert.Throws<CatalogException>(() => store.ListTracks(new TrackQuery { Offset = offset, Limit = limit }));
    }

    [Fact]
    public void ListTracks_EmptyRanges_Throw()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Assert.Throws<CatalogException>(() => store.ListTracks(new TrackQuery { YearFrom = 2000, YearTo = 1990 }));
        Assert.Throws<CatalogException>(() => store.ListTracks(new TrackQuery { MinDurationSeconds = 5, MaxDurationSeconds = 1 }));
        Assert.Throws<CatalogException>(() => store.ListTracks(new TrackQuery { Sort = (TrackSort)99 }));
    }

    [Fact]
    public void Scan_MarksUnseenTracksUnderRootMissing_OthersUntouched_AndPruneDeletesThem()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 3); // under /library/
        store.UpsertTrack(Track("/elsewhere/x.mp3"));
        store.UpsertTrack(Track("/library-other/y.mp3"));
        var user = store.CreateUser("u", "");
        var t0 = store.FindTrackByPath(Timbre.Storage.CrashWriter.SyntheticLibrary.Track(0).Path)!;
        store.AddInteraction(new InteractionRecord(0, user.Id, t0.Id, InteractionKind.Like, 1, DateTimeOffset.UtcNow));

        var scan = store.BeginScan("/library");
        Assert.Equal(1, store.MarkSeen(scan, [Timbre.Storage.CrashWriter.SyntheticLibrary.Track(1).Path, "/library/not-catalogued.mp3"]));
        TempCatalog.SaveSynthetic(store, 2, 1); // written during the scan: counts as seen
        Assert.Equal(1, store.MarkMissingNotSeen(scan, "/library"));
        store.FinishScan(scan);

        Assert.Equal(TrackStatus.Missing, store.FindTrack(t0.Id)!.Status);
        Assert.Equal(TrackStatus.Present, store.FindTrackByPath("/elsewhere/x.mp3")!.Status);
        Assert.Equal(TrackStatus.Present, store.FindTrackByPath("/library-other/y.mp3")!.Status);
        Assert.Equal(4, store.ListTracks(new TrackQuery()).Total);
        Assert.Equal(5, store.ListTracks(new TrackQuery { IncludeMissing = true }).Total);
        Assert.Equal(2, store.CountAnalyses(Timbre.Storage.CrashWriter.SyntheticLibrary.ModelId, Timbre.Storage.CrashWriter.SyntheticLibrary.FeatureVersion));

        Assert.Equal(1, store.PruneMissing());
        Assert.Null(store.FindTrack(t0.Id));
        Assert.Empty(store.ListInteractions(user.Id));
        Assert.Equal(2, store.GetStats().Analyses);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void Scan_MissingTrackThatReappearsBecomesPresent()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var t = store.UpsertTrack(Track("/lib/a.mp3"));
        var scan1 = store.BeginScan("/lib/");
        Assert.Equal(1, store.MarkMissingNotSeen(scan1, "/lib/"));
        Assert.Equal(TrackStatus.Missing, store.FindTrack(t.Id)!.Status);

        var scan2 = store.BeginScan("/lib");
        store.MarkSeen(scan2, ["/lib/a.mp3"]);
        Assert.Equal(0, store.MarkMissingNotSeen(scan2, "/lib"));
        Assert.Equal(TrackStatus.Present, store.FindTrack(t.Id)!.Status);
    }
}
