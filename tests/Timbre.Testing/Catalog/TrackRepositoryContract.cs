using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="ITrackRepository"/>.</summary>
public abstract class TrackRepositoryContract : CatalogContract
{
    /// <summary>Runs <paramref name="sql"/> on the catalog's database from another connection (a tag editor, psql).</summary>
    protected abstract void ExecuteOutside(string sql);

    [Theory]
    [InlineData("title = 'Edited'")]
    [InlineData("artist = 'Edited'")]
    [InlineData("album = 'Edited'")]
    [InlineData("year = 1999")]
    public void ContentSequence_MovesWithATagEdit_AndTheTotalUnderThatTagFollows(string set)
    {
        var id = Tracks.UpsertTrack(Track(1)).Id;
        Tracks.UpsertTrack(Track(2));
        var edited = set.StartsWith("year", StringComparison.Ordinal)
            ? new TrackQuery { YearFrom = 1999, YearTo = 1999 }
            : new TrackQuery { Search = "Edited" };
        Assert.Equal(0, Tracks.ListTracks(edited).Total); // counted before the edit (a store may keep it)
        var before = Catalog.ContentSequence();

        ExecuteOutside($"UPDATE tracks SET {set} WHERE id = {id}");

        Assert.True(Catalog.ContentSequence() > before);
        Assert.Equal(1, Tracks.ListTracks(edited).Total);
    }

    [Fact]
    public void ListTracks_ByPredictedGenre_FiltersKeysetPagesAndCounts_AsTopGenreOfEachAnalysis()
    {
        // 40 tracks: one-hot, ties (first wins), a NaN; tracks 0-24 also analysed by a second set; a set without labels.
        float[] Probabilities(int i) => i % 5 == 0 ? [0.4f, 0.4f, 0.2f] : i % 7 == 0 ? [float.NaN, 0.1f, 0.3f] : [.. Enumerable.Range(0, 3).Select(k => k == i % 3 ? 0.8f : 0.1f)];
        var saved = Analyses.SaveAnalysesBatch(Enumerable.Range(0, 40).Select(i => (Track(i), Analysis(i) with { GenreProbabilities = Probabilities(i) })));
        Analyses.SaveAnalysesBatch(Enumerable.Range(0, 25).Select(i => (Track(i), Analysis(i, "second"))));
        Analyses.SaveAnalysesBatch(Enumerable.Range(0, 40).Select(i => (Track(i), Analysis(i, "plain") with { GenreLabels = [], GenreProbabilities = [] })));
        var genreOf = saved.Select((t, i) => (t.Id, Genre: TopGenre.Of(Labels, Probabilities(i)))).ToDictionary(x => x.Id, x => x.Genre);
        Assert.Equal(("calm", "odd", "loud"), (genreOf[saved[0].Id], genreOf[saved[7].Id], genreOf[saved[1].Id]));

        var source = new PredictedGenreSource(Model, 1);
        var fused = source with { AlsoAnalysedBy = [new AnalysisSetKey("second", 1)] };
        var byTitle = Tracks.ListTracks(new TrackQuery { Sort = TrackSort.Title, Limit = 100 }).Items.Select(t => t.Id).ToList();
        foreach (var (from, label) in new[] { (source, "calm"), (source, "LOUD"), (source, "odd"), (fused, "odd"), (source, "none") })
        {
            var expected = byTitle.Where(id => string.Equals(genreOf[id], label, StringComparison.OrdinalIgnoreCase)
                && (from.AlsoAnalysedBy.Count == 0 || saved.Take(25).Any(t => t.Id == id))).ToList();
            var query = new TrackQuery { Sort = TrackSort.Title, Limit = 4, PredictedGenre = new PredictedGenreFilter(from, label) };
            var walked = new List<long>();
            TrackCursor? after = null;
            do
            {
                var page = Tracks.ListTracks(query with { After = after });
                Assert.Equal(expected.Count, page.Total);
                walked.AddRange(page.Items.Select(t => t.Id));
                after = page.Next;
            }
            while (after is not null);

            Assert.Equal(expected, walked);
            Assert.Equal(expected.Skip(4).Take(4), Tracks.ListTracks(query with { Offset = 4 }).Items.Select(t => t.Id));
        }

        Assert.Equal(
            genreOf.Where(kv => kv.Value is not null).Select(kv => (kv.Key, kv.Value!)),
            Analyses.PredictedGenres([.. genreOf.Keys, -1], source).OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(25, Analyses.PredictedGenres([.. genreOf.Keys], fused).Count);
        Assert.Empty(Analyses.PredictedGenres([.. genreOf.Keys], new PredictedGenreSource("plain", 1)));
        Assert.Equal(0, Tracks.ListTracks(new TrackQuery { PredictedGenre = new PredictedGenreFilter(new PredictedGenreSource("plain", 1), "calm") }).Total);
        Assert.Throws<CatalogException>(() => Tracks.ListTracks(new TrackQuery { PredictedGenre = new PredictedGenreFilter(source, " ") }));
    }

    [Fact]
    public void UpsertTrack_AssignsAnId_AndTheTrackIsFoundByPathAndById()
    {
        var saved = Tracks.UpsertTrack(Track(1));

        Assert.True(saved.Id > 0);
        Assert.Equal(TrackStatus.Present, saved.Status);
        Assert.Equal(DateTimeKind.Utc, saved.ModifiedUtc.Kind);
        Assert.Equal(saved, Tracks.FindTrackByPath(Track(1).Path));
        Assert.Equal(saved, Tracks.FindTrack(saved.Id));
        Assert.Equal(Track(1) with { Id = saved.Id }, saved);
        Assert.Null(Tracks.FindTrack(saved.Id + 1000));
        Assert.Null(Tracks.FindTrackByPath("/music/none.flac"));
    }

    [Fact]
    public void UpsertTrack_OfAKnownPath_UpdatesThatRow()
    {
        var first = Tracks.UpsertTrack(Track(1));

        var second = Tracks.UpsertTrack(Track(1) with { Title = "Renamed", Year = null });

        Assert.Equal(first.Id, second.Id);
        var stored = Tracks.FindTrack(first.Id)!;
        Assert.Equal("Renamed", stored.Title);
        Assert.Null(stored.Year);
        Assert.Equal(1, Tracks.ListTracks(new TrackQuery()).Total);
    }

    [Fact]
    public void UpsertTrack_WithANegativeSize_IsACatalogException()
    {
        Assert.Throws<CatalogException>(() => Tracks.UpsertTrack(Track(1) with { SizeBytes = -1 }));
        Assert.Equal(0, Tracks.ListTracks(new TrackQuery()).Total);
    }

    [Fact]
    public void ListTracks_PagesInPathOrder_AndCountsEveryMatch()
    {
        for (var i = 0; i < 7; i++)
        {
            Tracks.UpsertTrack(Track(i));
        }

        var all = Tracks.ListTracks(new TrackQuery { Limit = 100 }).Items.Select(t => t.Path).ToList();
        var page = Tracks.ListTracks(new TrackQuery { Offset = 2, Limit = 3 });

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(7, page.Total);
        Assert.Equal(all.Skip(2).Take(3), page.Items.Select(t => t.Path));
    }

    [Fact]
    public void ListTracks_FiltersBySearchGenreYearAndDuration()
    {
        for (var i = 0; i < 6; i++)
        {
            Tracks.UpsertTrack(Track(i));
        }

        Assert.Equal(["Song 4"], Titles(new TrackQuery { Search = "song 4" }));
        Assert.Equal(["Song 0", "Song 2", "Song 4"], Titles(new TrackQuery { Genre = "jazz" }));
        Assert.Equal(["Song 2", "Song 3"], Titles(new TrackQuery { YearFrom = 1992, YearTo = 1993 }));
        Assert.Equal(["Song 5"], Titles(new TrackQuery { MinDurationSeconds = 104.5 }));
        Assert.Equal(6, Tracks.ListTracks(new TrackQuery { Search = "track0" }).Total); // the file name matches too
        Assert.Equal(0, Tracks.ListTracks(new TrackQuery { Search = "music" }).Total); // never the folders

        string[] Titles(TrackQuery q) => Tracks.ListTracks(q with { Sort = TrackSort.Title }).Items.Select(t => t.Title!).ToArray();
    }

    [Fact]
    public void ListTracks_WithABadQuery_IsACatalogException()
    {
        Assert.Throws<CatalogException>(() => Tracks.ListTracks(new TrackQuery { Limit = 0 }));
        Assert.Throws<CatalogException>(() => Tracks.ListTracks(new TrackQuery { YearFrom = 2000, YearTo = 1990 }));
    }

    [Fact]
    public void DeleteTrack_RemovesItWithItsAnalysesAndInteractions()
    {
        var track = SaveAnalysed(1, 1)[0];
        var user = Users.CreateUser("ann", "hash");
        Users.AddInteraction(new InteractionRecord(0, user.Id, track.Id, InteractionKind.Like, 1, new DateTimeOffset(T0)));

        Assert.True(Tracks.DeleteTrack(track.Id));

        Assert.Null(Tracks.FindTrack(track.Id));
        Assert.Null(Analyses.FindAnalysis(track.Id, Model, 1));
        Assert.Empty(Users.ListInteractions(user.Id));
        Assert.False(Tracks.DeleteTrack(track.Id));
    }

    [Fact]
    public void OwnedTracks_AreCountedPerUser_AndAnUpsertWithoutOwnerKeepsTheOwner()
    {
        var ann = Users.CreateUser("ann", "h");
        var bob = Users.CreateUser("bob", "h");
        Tracks.UpsertTrack(Track(1) with { OwnerUserId = ann.Id });
        Tracks.UpsertTrack(Track(2) with { OwnerUserId = ann.Id });
        Tracks.UpsertTrack(Track(3));

        var rescanned = Tracks.UpsertTrack(Track(1));

        Assert.Equal(ann.Id, rescanned.OwnerUserId);
        Assert.Equal(new OwnedTracksUsage(2, Track(1).SizeBytes + Track(2).SizeBytes), Tracks.GetOwnedTracksUsage(ann.Id));
        Assert.Equal(new OwnedTracksUsage(0, 0), Tracks.GetOwnedTracksUsage(bob.Id));
    }
}
