using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class CatalogSynthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-synth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SameSeed_GivesTheSameCatalog_AnotherSeedDoesNot()
    {
        var a = Synth("a.db", "--seed", "7");
        var b = Synth("b.db", "--seed", "7");
        var c = Synth("c.db", "--seed", "8");
        Assert.Equal(Dump(a), Dump(b));
        Assert.NotEqual(Dump(a), Dump(c));
    }

    [Fact]
    public void Counts_AnalysisSetAndSummaryFeatures_AreWhatServeReads()
    {
        var db = Synth("s.db", "--tracks", "300", "--users", "20", "--genres", "4", "--audio-dir", Path.Combine(_dir, "audio"), "--audio-files", "3");
        using var store = new SqliteCatalogStore(db);
        var stats = store.GetStats();
        Assert.Equal(300, stats.PresentTracks);
        Assert.Equal(20, stats.Users);
        var analyzer = new SummaryFeatureAnalyzer();
        var set = Assert.Single(store.ListAnalysisSets());
        Assert.Equal((analyzer.ModelId, analyzer.FeatureVersion, 357, 0, 300L), (set.ModelId, set.FeatureVersion, set.EmbeddingDimension, set.GenreLabels.Count, set.Count));
        var tracks = store.ListTracks(new TrackQuery { Limit = TrackQuery.MaxLimit }).Items;
        Assert.Equal(4, tracks.Select(t => t.GenreTag).Distinct().Count());
        Assert.Equal(300, tracks.Select(t => t.Path).Distinct().Count());
        Assert.All(tracks, t => Assert.False(string.IsNullOrWhiteSpace(t.Title) || string.IsNullOrWhiteSpace(t.Artist) || string.IsNullOrWhiteSpace(t.Album)));
        Assert.Equal(3, tracks.Count(t => File.Exists(t.Path)));

        // Every user has at least one play; the stored summary features standardise back to the embedding.
        Assert.All(store.ListUsers(), u => Assert.Contains(store.ListInteractions(u.Id), i => i.Kind == InteractionKind.Play));
        var analysis = store.ReadAnalyses(analyzer.ModelId, analyzer.FeatureVersion).First();
        var restored = SummaryScales.Standardise(analysis.SummaryFeatures);
        for (var d = 0; d < restored.Length; d++)
        {
            Assert.Equal(analysis.Embedding[d], restored[d], 2e-3f);
        }
    }

    [Fact]
    public async Task ServeBackend_RecommendsFromIt_SimilarTracksShareTheGenreCluster()
    {
        var db = Synth("w.db", "--tracks", "400", "--users", "10", "--genres", "5", "--audio-dir", Path.Combine(_dir, "audio"), "--audio-files", "2");
        using var backend = new CatalogBackend(new SqliteCatalogStore(db), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
        var seed = backend.GetTrack(10)!;
        var similar = await backend.SimilarAsync(10, SimilarMethod.M1, 10);
        Assert.Equal(10, similar.Count);
        Assert.True(similar.Count(s => backend.GetTrack(s.Id)!.Track.GenreTag == seed.Track.GenreTag) >= 9, "the neighbours should come from the seed's cluster");
        Assert.Equal(5, (await backend.RecommendForAsync(1, UserMethod.Profile, 5)).Count);
        Assert.NotNull(backend.GetAudioFile(1));
        Assert.Null(backend.GetAudioFile(3));
    }

    [Fact]
    public async Task Synth_WritesTheServingSnapshotFile_AndServeMapsItWithoutReadingTheAnalyses()
    {
        var db = Synth("snap.db", "--tracks", "200", "--users", "5");
        var file = Assert.Single(Directory.GetFiles(db + ".ann", "*.snapshot"));
        var written = File.GetLastWriteTimeUtc(file);
        var log = new List<string>();
        using (var backend = new CatalogBackend(
            new SqliteCatalogStore(db), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer(), new CatalogBackendOptions { GraphDirectory = db + ".ann", GraphLog = log.Add }))
        {
            Assert.Equal(5, (await backend.RecommendForAsync(1, UserMethod.Profile, 5)).Count);
        }

        Assert.Contains(log, l => l.StartsWith("Snapshot file: opened", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("writing", StringComparison.Ordinal));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public void BadOptions_AreOneLineErrors_AndAnExistingCatalogIsKept()
    {
        var (code, _, error) = CliRunner.Run("catalog", "synth", "--catalog", Path.Combine(_dir, "x.db"), "--dim", "128");
        Assert.Equal(2, code);
        Assert.Contains("--model summary needs --dim 357", error);
        (code, _, error) = CliRunner.Run("catalog", "synth", "--catalog", Path.Combine(_dir, "x.db"), "--tracks", "0");
        Assert.Equal(2, code);
        Assert.Contains("--tracks must be", error);
        var db = Synth("y.db");
        var before = File.GetLastWriteTimeUtc(db);
        (code, _, error) = CliRunner.Run("catalog", "synth", "--catalog", db);
        Assert.Equal(2, code);
        Assert.Contains("already exists", error);
        Assert.Equal(before, File.GetLastWriteTimeUtc(db));

        // Another model id may have any length and carries genre probabilities.
        var other = Synth("o.db", "--model", "synth", "--dim", "16", "--genres", "3");
        using var store = new SqliteCatalogStore(other);
        var set = Assert.Single(store.ListAnalysisSets());
        Assert.Equal(("synth", 16, 3), (set.ModelId, set.EmbeddingDimension, set.GenreLabels.Count));
    }

    private string Synth(string name, params string[] extra)
    {
        var db = Path.Combine(_dir, name);
        string[] defaults = [.. extra.Contains("--tracks") ? [] : new[] { "--tracks", "120" }, .. extra.Contains("--users") ? [] : new[] { "--users", "8" }];
        string[] args = ["catalog", "synth", "--catalog", db, .. defaults, .. extra];
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        Assert.Contains("Wrote", output);
        return db;
    }

    private static string Dump(string db)
    {
        using var store = new SqliteCatalogStore(db);
        var lines = new List<string>();
        foreach (var t in store.ListTracks(new TrackQuery { Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added }).Items)
        {
            lines.Add($"{t.Id} {t.Path} {t.Title} {t.Artist} {t.Album} {t.GenreTag} {t.Year} {t.DurationSeconds} {t.SizeBytes} {t.ModifiedUtc:O}");
        }

        foreach (var a in store.ReadAnalyses(SummaryFeatureAnalyzer.Id, 1))
        {
            lines.Add($"{a.TrackId} {string.Join(',', a.Embedding)}");
        }

        foreach (var i in store.ReadAllInteractions())
        {
            lines.Add($"{i.UserId} {i.TrackId} {i.Kind} {i.Value} {i.At:O}");
        }

        return string.Join('\n', lines);
    }
}
