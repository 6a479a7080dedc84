using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;
using Timbre.Storage.Postgres;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL store has: opening by address, migrations, the change feed, crash safety.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogTests(PostgresServer server)
{
    [Fact]
    public void ChangeVersion_MovesWhenAnotherProcessCommits_NotOnOwnWritesReadsOrRollbacks()
    {
        var url = server.CreateDatabase();
        using var web = new PostgresCatalogStore(url);
        var v0 = web.ChangeVersion();
        web.GetStats();
        _ = web.ReadAnalyses("m", 1).ToList();
        web.UpsertTrack(TrackAt("/own.flac"));
        Assert.Equal(v0, web.ChangeVersion());

        using (var scanner = new PostgresCatalogStore(url))
        {
            scanner.UpsertTrack(TrackAt("/a.flac"));
        }

        var v1 = WaitForChange(web, v0);
        Assert.Equal(v1, web.ChangeVersion());

        // A rolled-back batch notifies nobody (NOTIFY is delivered on commit only).
        using (var failing = new PostgresCatalogStore(url))
        {
            Assert.Throws<CatalogException>(() => failing.SaveAnalysesBatch([(TrackAt("/b.flac"), Analysis(dim: 0))]));
        }

        Thread.Sleep(300);
        Assert.Equal(v1, web.ChangeVersion());

        server.Exec(DatabaseOf(url), "UPDATE tracks SET title = 'x'"); // any other client, e.g. psql
        WaitForChange(web, v1);
        Assert.Equal("x", web.FindTrackByPath("/a.flac")!.Title);
    }

    [Fact]
    public void Open_RefusesClearly_UnreachableServer_MissingDatabase_ForeignDatabase_EmptyDatabaseForReaders_NewerSchema()
    {
        var refused = Assert.Throws<CatalogException>(() => new PostgresCatalogStore("postgresql://timbre@127.0.0.1:1/x"));
        Assert.Contains("Cannot reach the PostgreSQL server of catalog postgresql://timbre@127.0.0.1:1/x", refused.Message);

        var missing = Assert.Throws<CatalogException>(() => new PostgresCatalogStore(server.Url("no_such_db")));
        Assert.Contains("the database does not exist", missing.Message);

        var foreign = server.CreateDatabase();
        server.Exec(DatabaseOf(foreign), "CREATE TABLE invoices (id int)");
        Assert.Contains("not a Timbre catalog", Assert.Throws<CatalogException>(() => new PostgresCatalogStore(foreign)).Message);

        var empty = server.CreateDatabase();
        Assert.Contains("not yet a Timbre catalog", Assert.Throws<CatalogException>(() => CatalogStores.Open(empty, create: false)).Message);

        using (var created = CatalogStores.Open(empty, create: true))
        {
            Assert.Equal(PostgresCatalogStore.LatestSchemaVersion, CatalogStores.Info(created).SchemaVersion);
        }

        server.Exec(DatabaseOf(empty), "UPDATE timbre_schema SET version = 99");
        Assert.Contains("newer than this Timbre supports", Assert.Throws<CatalogException>(() => new PostgresCatalogStore(empty)).Message);

        var badUrl = Assert.Throws<CatalogException>(() => new PostgresCatalogStore("postgresql://timbre:secret@127.0.0.1:5432"));
        Assert.Contains("names no database", badUrl.Message);
        Assert.DoesNotContain("secret", badUrl.Message);
    }

    [Fact]
    public void Migrations_RunStepByStep_AndAConnectionStringOpensTheSameCatalog()
    {
        var url = server.CreateDatabase();
        var settings = PostgresConnectionString.Parse(url);
        using (var v1 = new PostgresCatalogStore(settings, create: true, targetVersion: 1))
        {
            Assert.Equal(1, v1.SchemaVersion);
            v1.UpsertTrack(TrackAt("/kept.flac"));
        }

        using var latest = CatalogStores.Open(server.ConnectionString(DatabaseOf(url)), create: false);
        Assert.Equal((PostgresCatalogStore.LatestSchemaVersion, "postgresql"), (CatalogStores.Info(latest).SchemaVersion, CatalogStores.Info(latest).Kind));
        Assert.Equal("/kept.flac", latest.FindTrackByPath("/kept.flac")!.Path);
        Assert.Equal("ok", latest.IntegrityCheck());
    }

    [Fact]
    public void PredictedGenresOfAnOlderCatalog_AreFilledFromTheStoredProbabilities_WithoutMovingTheContentSequence()
    {
        // The same rows and expectations as the SQLite store's migration test (PredictedGenreBackfill).
        var url = server.CreateDatabase();
        long sequence;
        using (var old = new PostgresCatalogStore(PostgresConnectionString.Parse(url), create: true, targetVersion: PostgresCatalogStore.LatestSchemaVersion - 1))
        {
            foreach (var sql in PredictedGenreBackfill.Inserts(hex => $"'\\x{hex}'::bytea"))
            {
                server.Exec(DatabaseOf(url), sql);
            }

            sequence = old.ContentSequence();
        }

        using var store = new PostgresCatalogStore(url);
        var ids = PredictedGenreBackfill.Rows.Select(r => r.TrackId).ToList();
        var expected = PredictedGenreBackfill.Rows.Where(r => r.Expected is not null).Select(r => (r.TrackId, r.Expected!));
        Assert.Equal(expected, store.PredictedGenres(ids, new PredictedGenreSource(PredictedGenreBackfill.Model, 1)).OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));
        Assert.Empty(store.PredictedGenres(ids, new PredictedGenreSource(PredictedGenreBackfill.UnlabelledModel, 1)));
        Assert.Equal(sequence, store.ContentSequence());
        var loud = new TrackQuery { PredictedGenre = new PredictedGenreFilter(new PredictedGenreSource(PredictedGenreBackfill.Model, 1), "loud") };
        Assert.Equal([1L, 3L], store.ListTracks(loud).Items.Select(t => t.Id).Order());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void KillAtAnArbitraryMoment_LeavesWholeBatches_ThenResumeCompletes()
    {
        var url = server.CreateDatabase();
        const int total = 3000, batch = 50, dim = 64, delayMs = 5;
        int committedBeforeKill;
        using (var writer = CrashWriterProcess.Start(url, total, batch, dim, delayMs: delayMs))
        {
            writer.WaitFor("COMMITTED 200");
            writer.Kill();
            committedBeforeKill = writer.LastCommitted;
        }

        var tracks = AssertSound(url, dim);
        Assert.True(tracks >= committedBeforeKill, $"{tracks} tracks < {committedBeforeKill} reported committed");
        Assert.True(tracks < total, "the writer finished before the kill landed");
        Assert.Equal(0, tracks % batch);

        using (var writer = CrashWriterProcess.Start(url, total, batch, dim))
        {
            Assert.Equal(0, writer.WaitForExit());
        }

        Assert.Equal(total, AssertSound(url, dim));
    }

    private static long AssertSound(string url, int dim)
    {
        using var store = new PostgresCatalogStore(url, create: false);
        Assert.Equal("ok", store.IntegrityCheck());
        var stats = store.GetStats();
        Assert.Equal(stats.PresentTracks, stats.Analyses); // a track is written with its analysis, never alone
        var read = 0L;
        foreach (var a in store.ReadAnalyses(SyntheticLibrary.ModelId, SyntheticLibrary.FeatureVersion))
        {
            var track = store.FindTrack(a.TrackId)!;
            var i = int.Parse(track.Path[^11..^5], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(SyntheticLibrary.Track(i) with { Id = track.Id }, track);
            Assert.Equal(SyntheticLibrary.Analysis(i, dim).Embedding, a.Embedding);
            read++;
        }

        Assert.Equal(stats.Analyses, read);
        return stats.PresentTracks;
    }

    private static long WaitForChange(ICatalogHealth store, long seen)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var v = store.ChangeVersion();
            if (v != seen)
            {
                return v;
            }

            Thread.Sleep(20);
        }

        Assert.Fail("ChangeVersion did not move within 5 s of another connection's commit.");
        return seen;
    }

    private static string DatabaseOf(string url) => PostgresConnectionString.Parse(url).Database!;

    private static TrackRecord TrackAt(string path) => new() { Path = path, SizeBytes = 1, ModifiedUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) };

    private static AnalysisRecord Analysis(int dim) => new()
    {
        ModelId = "m",
        FeatureVersion = 1,
        Embedding = new float[dim],
        GenreLabels = [],
        GenreProbabilities = [],
    };
}
