using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class ScanFailureTests
{
    private static readonly DateTime Mtime = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(4321);

    private static ScanFailureRecord Failure(string path, long size = 100, string reason = "not audio", string? model = null, int version = 0) =>
        new() { Path = path, SizeBytes = size, ModifiedUtc = Mtime, Reason = reason, ModelId = model, FeatureVersion = version };

    [Fact]
    public void Record_RoundTrips_AndRecordingAgainCountsAttempts_KeepingTheFirstTime()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var first = store.RecordScanFailures([Failure("/m/b.mp3"), Failure("/m/a.wav", 7, "truncated header")]);

        Assert.Equal(["/m/b.mp3", "/m/a.wav"], first.Select(f => f.Path));
        Assert.All(first, f => Assert.Equal(1, f.Attempts));
        Assert.All(first, f => Assert.InRange(f.FirstFailedUtc, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.All(first, f => Assert.Equal(f.FirstFailedUtc, f.LastFailedUtc));
        var listed = store.ListScanFailures();
        Assert.Equal(["/m/a.wav", "/m/b.mp3"], listed.Select(f => f.Path)); // ordered by path
        Assert.Equal(first[1], listed[0]);
        Assert.Equal(Mtime, listed[0].ModifiedUtc);
        Assert.Equal(DateTimeKind.Utc, listed[0].ModifiedUtc.Kind);
        Assert.Null(listed[0].ModelId);

        Thread.Sleep(5);
        var again = store.RecordScanFailures([Failure("/m/a.wav", 9, "still truncated", "m", 2)]).Single();
        Assert.Equal(2, again.Attempts);
        Assert.Equal(first[1].FirstFailedUtc, again.FirstFailedUtc);
        Assert.True(again.LastFailedUtc > again.FirstFailedUtc);
        Assert.Equal((9L, "still truncated", "m", 2), (again.SizeBytes, again.Reason, again.ModelId, again.FeatureVersion));
        Assert.Equal(2, store.ListScanFailures().Count);
        Assert.Equal(2, tmp.Scalar("SELECT COUNT(*) FROM scan_failures"));
    }

    [Fact]
    public void KnownFailure_MatchesPathSizeAndMtime_ModelScopedOnlyForItsModel()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        store.RecordScanFailures([Failure("/m/decode.mp3"), Failure("/m/nan.wav", model: "cnn", version: 3)]);

        Assert.True(store.IsKnownScanFailure("/m/decode.mp3", 100, Mtime, "anything", 1));
        Assert.False(store.IsKnownScanFailure("/m/decode.mp3", 101, Mtime, "anything", 1)); // size changed
        Assert.False(store.IsKnownScanFailure("/m/decode.mp3", 100, Mtime.AddTicks(1), "anything", 1)); // mtime changed
        Assert.False(store.IsKnownScanFailure("/m/other.mp3", 100, Mtime, "anything", 1));
        Assert.True(store.IsKnownScanFailure("/m/decode.mp3", 100, DateTime.SpecifyKind(Mtime, DateTimeKind.Unspecified), "x", 1));

        Assert.True(store.IsKnownScanFailure("/m/nan.wav", 100, Mtime, "cnn", 3));
        Assert.False(store.IsKnownScanFailure("/m/nan.wav", 100, Mtime, "cnn", 4));
        Assert.False(store.IsKnownScanFailure("/m/nan.wav", 100, Mtime, "summary", 3));
    }

    [Fact]
    public void Clear_ForgetsOnlyThosePaths_AndSavingAnAnalysisClearsThePathsFailure()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var track = SyntheticLibrary.Track(1);
        store.RecordScanFailures([Failure("/m/a.wav"), Failure("/m/b.wav"), Failure(track.Path)]);

        Assert.Equal(1, store.ClearScanFailures(["/m/a.wav", "/m/not-recorded.wav"]));
        Assert.Equal(new[] { "/m/b.wav", track.Path }.Order(StringComparer.Ordinal), store.ListScanFailures().Select(f => f.Path));

        store.SaveAnalysesBatch([(track, SyntheticLibrary.Analysis(1, 8))]);
        Assert.Equal(["/m/b.wav"], store.ListScanFailures().Select(f => f.Path));
        Assert.Equal(0, store.ClearScanFailures([]));
    }

    [Fact]
    public void RecordBatch_IsAtomic_ABadRowRecordsNothing()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        Assert.Throws<CatalogException>(() => store.RecordScanFailures([Failure("/m/ok.wav"), Failure("/m/bad.wav", size: -1)]));
        Assert.Empty(store.ListScanFailures());
        Assert.Throws<ArgumentException>(() => store.RecordScanFailures([Failure(" ")]));
        Assert.Empty(store.ListScanFailures());
    }

    [Fact]
    public void CatalogAtVersion3_MigratesToTheFailureTable_KeepingItsRows()
    {
        using var tmp = new TempCatalog();
        using (var v3 = new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: 3))
        {
            Assert.Equal(3, v3.SchemaVersion);
            v3.CreateUser("old", "h");
        }

        // Tracks written with version-3 columns only (this build's statements use later columns).
        for (var i = 0; i < 3; i++)
        {
            var t = SyntheticLibrary.Track(i);
            tmp.Exec($"INSERT INTO tracks (path, size_bytes, mtime_ticks, title) VALUES ('{t.Path}', {t.SizeBytes}, {t.ModifiedUtc.Ticks}, '{t.Title}')");
        }

        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'scan_failures'"));
        Assert.Equal(3, tmp.Scalar("PRAGMA user_version"));

        using var store = tmp.Open();
        Assert.True(SqliteCatalogStore.LatestSchemaVersion >= 4);
        Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(new CatalogStats(3, 0, 0, 1, 0), store.GetStats());
        Assert.Equal(SyntheticLibrary.Track(2).Title, store.FindTrackByPath(SyntheticLibrary.Track(2).Path)!.Title);
        Assert.NotNull(store.FindUserByName("old"));
        Assert.Empty(store.ListScanFailures());
        store.RecordScanFailures([Failure("/m/new.wav")]);
        Assert.True(store.IsKnownScanFailure("/m/new.wav", 100, Mtime, "m", 1));
        Assert.Equal("ok", store.IntegrityCheck());
    }
}
