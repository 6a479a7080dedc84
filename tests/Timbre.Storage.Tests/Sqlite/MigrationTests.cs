using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class MigrationTests
{
    [Fact]
    public void NewCatalog_IsAtLatestVersion_InWalMode_WithForeignKeysOn()
    {
        using var tmp = new TempCatalog();
        using (var store = tmp.Open())
        {
            Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.Equal("ok", store.IntegrityCheck());
        }

        Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, tmp.Scalar("PRAGMA user_version"));
        using var raw = tmp.Raw();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
        foreach (var table in new[] { "tracks", "analyses", "analysis_sets", "users", "interactions", "scans", "scan_failures" })
        {
            Assert.Equal(1, tmp.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }
    }

    [Fact]
    public void Reopen_KeepsDataAndDoesNotMigrateAgain()
    {
        using var tmp = new TempCatalog();
        using (var store = tmp.Open())
        {
            TempCatalog.SaveSynthetic(store, 0, 4);
            store.CreateUser("u", "h");
        }

        using (var store = tmp.Open())
        {
            Assert.Equal(new CatalogStats(4, 0, 4, 1, 0), store.GetStats());
            Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
        }
    }

    [Fact]
    public void OlderCatalog_IsMigratedStepByStep_KeepingItsRows()
    {
        using var tmp = new TempCatalog();
        using (var v1 = new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: 1))
        {
            Assert.Equal(1, v1.SchemaVersion);
        }

        tmp.Exec("INSERT INTO tracks (path, size_bytes, mtime_ticks) VALUES ('/old/a.mp3', 5, 0)");

        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'"));
        using var store = tmp.Open();
        Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(5, store.FindTrackByPath("/old/a.mp3")!.SizeBytes);
        Assert.Equal(0, tmp.Scalar("SELECT last_seen_scan FROM tracks"));
        store.CreateUser("new", "");
    }

    [Fact]
    public void PredictedGenresOfAnOlderCatalog_AreFilledFromTheStoredProbabilities_WithoutMovingTheContentSequence()
    {
        using var tmp = new TempCatalog();
        long sequence;
        using (var old = new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: SqliteCatalogStore.LatestSchemaVersion - 1))
        {
            foreach (var sql in PredictedGenreBackfill.Inserts(hex => $"x'{hex}'"))
            {
                tmp.Exec(sql);
            }

            sequence = old.ContentSequence();
        }

        using var store = tmp.Open();
        var ids = PredictedGenreBackfill.Rows.Select(r => r.TrackId).ToList();
        var expected = PredictedGenreBackfill.Rows.Where(r => r.Expected is not null).Select(r => (r.TrackId, r.Expected!));
        Assert.Equal(expected, store.PredictedGenres(ids, new PredictedGenreSource(PredictedGenreBackfill.Model, 1)).OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));
        Assert.Empty(store.PredictedGenres(ids, new PredictedGenreSource(PredictedGenreBackfill.UnlabelledModel, 1)));
        Assert.Equal(sequence, store.ContentSequence());
        var loud = new TrackQuery { PredictedGenre = new PredictedGenreFilter(new PredictedGenreSource(PredictedGenreBackfill.Model, 1), "loud") };
        Assert.Equal([1L, 3L], store.ListTracks(loud).Items.Select(t => t.Id).Order());
    }

    [Fact]
    public void SummaryAnalysesOfAnOlderCatalog_AreDropped_OtherModelsKept()
    {
        // The float32 summary pipeline: stored summary vectors are dropped once, so the next scan recomputes them all.
        using var tmp = new TempCatalog();
        using (new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: SqliteCatalogStore.LatestSchemaVersion - 2))
        {
        }

        tmp.Exec("INSERT INTO tracks (id, path, size_bytes, mtime_ticks) VALUES (1, '/old/a.mp3', 5, 0)");
        tmp.Exec("INSERT INTO analysis_sets VALUES ('summary', 1, 2, 2, ''), ('summary', 2, 2, 2, ''), ('cnn', 1, 2, 0, '')");
        tmp.Exec("""
            INSERT INTO analyses (track_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at)
            VALUES (1, 'summary', 1, x'0000803F0000803F', x'', x'0000803F0000803F', 0),
                   (1, 'summary', 2, x'0000803F0000803F', x'', x'0000803F0000803F', 0),
                   (1, 'cnn', 1, x'0000803F0000803F', x'', x'', 0)
            """);

        using var store = tmp.Open();
        Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM analyses WHERE model_id = 'summary'"));
        Assert.Equal(1, tmp.Scalar("SELECT COUNT(*) FROM analyses WHERE model_id = 'cnn'"));
        Assert.Equal(5, store.FindTrackByPath("/old/a.mp3")!.SizeBytes);
    }

    [Fact]
    public void CatalogFromANewerTimbre_IsRefusedWithAClearError()
    {
        using var tmp = new TempCatalog();
        using (tmp.Open())
        {
        }

        tmp.Exec($"PRAGMA user_version = {SqliteCatalogStore.LatestSchemaVersion + 1}");
        var e = Assert.Throws<CatalogException>(() => tmp.Open());
        Assert.Contains("newer than this Timbre supports", e.Message);
    }

    [Fact]
    public void ForeignSqliteDatabase_IsRefused()
    {
        using var tmp = new TempCatalog();
        tmp.Exec("CREATE TABLE something (x INTEGER)");
        var e = Assert.Throws<CatalogException>(() => tmp.Open());
        Assert.Contains("not a Timbre catalog", e.Message);
    }

    [Fact]
    public void FileThatIsNotADatabase_IsRefused()
    {
        using var tmp = new TempCatalog();
        File.WriteAllText(tmp.Path, new string('x', 5000));
        Assert.Throws<CatalogException>(() => tmp.Open());
    }

    [Fact]
    public void BadOptions_Throw()
    {
        using var tmp = new TempCatalog();
        Assert.Throws<CatalogException>(() => new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions { BusyTimeoutMilliseconds = -1 }));
        Assert.Throws<CatalogException>(() => new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions { Synchronous = "OFF" }));
    }

    [Fact]
    public void TwoStoresOnOneFile_SeeEachOthersCommits()
    {
        using var tmp = new TempCatalog();
        using var a = tmp.Open();
        using var b = tmp.Open();
        TempCatalog.SaveSynthetic(a, 0, 3);
        Assert.Equal(3, b.GetStats().PresentTracks);
    }
}
