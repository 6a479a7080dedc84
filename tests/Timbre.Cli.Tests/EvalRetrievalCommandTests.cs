using System.Text.Json;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Storage.Sqlite;

namespace Timbre.Cli.Tests;

/// <summary>
/// eval-retrieval through the real CLI on a generated album library whose structure is known: 4 albums of 6 tracks, so
/// a query has 5 relevant tracks among 23 and chance P@5 = 5/23 ≈ 0.217. If the vectors were unrelated to albums,
/// P@5 over 24 queries would scatter around chance with a standard deviation of about 0.17/√24 ≈ 0.035 (doubled for
/// the queries sharing candidates: ≈ 0.07); the album assertion asks for chance + 0.25 (over 3.5 such deviations).
/// The shuffled control (vectors dealt to other tracks at random, in path order so every run deals the same) stays
/// within chance ± 3.5 σ, σ ≈ 0.053 from the 60 within-group pairs its P@5 really counts (± 0.19, so still below
/// the album assertion's threshold).
/// </summary>
[Collection("Console")]
public sealed class EvalRetrievalCommandTests : IClassFixture<AlbumLibraryFixture>
{
    private const double Margin = 0.25;
    private readonly AlbumLibraryFixture _f;

    public EvalRetrievalCommandTests(AlbumLibraryFixture fixture) => _f = fixture;

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["eval-retrieval", .. args, "--json"]);
        Assert.True(code == 0, error + output);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void ByAlbum_FindsTheAlbumWellAboveChance()
    {
        var r = Json("--catalog", _f.Catalog);
        Assert.Equal(AlbumLibraryFixture.Albums * AlbumLibraryFixture.TracksPerAlbum, r.GetProperty("queries").GetInt32());
        Assert.Equal(0, r.GetProperty("skipped").GetInt32());
        Assert.Equal(AlbumLibraryFixture.Albums, r.GetProperty("groups").GetInt32());
        Assert.Equal(5.0 / 23, r.GetProperty("chance").GetDouble(), 1e-9);
        Assert.Equal("summary@1", r.GetProperty("analysis").GetString());
        var precision = r.GetProperty("precision").GetDouble();
        Assert.True(precision > (5.0 / 23) + Margin, $"album P@5 {precision:0.000}");
        Assert.InRange(r.GetProperty("ndcg").GetDouble(), 0, 1);
        Assert.InRange(r.GetProperty("meanAveragePrecisionAt10").GetDouble(), 0, 1);
        Assert.Equal(["Album 01", "Album 02", "Album 03", "Album 04"], r.GetProperty("perGroup").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Fact]
    public void ByArtist_LeavesTheQuerysAlbumOut_AndStillFindsTheSisterAlbum()
    {
        var r = Json("--catalog", _f.Catalog, "--by", "artist");
        // Own album (6) left out: 6 relevant (the artist's other album) among 18 candidates.
        Assert.Equal(6.0 / 18, r.GetProperty("chance").GetDouble(), 1e-9);
        Assert.Equal(2, r.GetProperty("groups").GetInt32());
        var precision = r.GetProperty("precision").GetDouble();
        Assert.True(precision > (6.0 / 18) + Margin, $"artist P@5 {precision:0.000}");
    }

    [Fact]
    public void SpaceVector_UsesTheFittedSpace_AndSaysWhenThereIsNone()
    {
        var r = Json("--catalog", _f.Catalog, "--vector", "space");
        Assert.Equal("space", r.GetProperty("vector").GetString());
        Assert.Equal(AlbumLibraryFixture.Albums * AlbumLibraryFixture.TracksPerAlbum, r.GetProperty("queries").GetInt32());
        var precision = r.GetProperty("precision").GetDouble();
        Assert.True(precision > (5.0 / 23) + Margin, $"album P@5 in the space {precision:0.000}");

        var copy = _f.CopyCatalog();
        Assert.Equal(0, CliRunner.Run(["catalog", "space", "clear", "--catalog", copy]).Code);
        var (code, _, error) = CliRunner.Run(["eval-retrieval", "--catalog", copy, "--vector", "space"]);
        Assert.NotEqual(0, code);
        Assert.Contains("no current embedding space", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ShuffledControl_IsNearChance()
    {
        var copy = _f.CopyCatalog();
        using (var store = new SqliteCatalogStore(copy))
        {
            // In path order before the seeded shuffle: track ids follow the scan's completion order, which varies
            // between runs, so shuffling in id order dealt the vectors differently each run.
            var analyses = store.ReadAnalyses("summary", 1)
                .Select(a => (Track: store.FindTrack(a.TrackId)!, Analysis: a))
                .OrderBy(p => p.Track.Path, StringComparer.Ordinal)
                .ToList();
            var vectors = analyses.Select(p => p.Analysis).ToArray();
            new Random(17).Shuffle(vectors);
            var batch = analyses.Select((p, i) => (p.Track, p.Analysis with { Embedding = vectors[i].Embedding, SummaryFeatures = vectors[i].SummaryFeatures })).ToList();
            store.SaveAnalysesBatch(batch);
        }

        // The shuffled vectors still cluster in album-sized groups, so P@5 counts same-album pairs among the
        // 4 × C(6, 2) = 60 pairs inside those groups, each same-album with p = 5/23: σ = √(p(1 − p)/60) ≈ 0.053.
        const double chance = 5.0 / 23;
        const int pairs = AlbumLibraryFixture.Albums * AlbumLibraryFixture.TracksPerAlbum * (AlbumLibraryFixture.TracksPerAlbum - 1) / 2;
        var band = 3.5 * Math.Sqrt(chance * (1 - chance) / pairs);
        foreach (var vector in new[] { "embedding", "mfcc" })
        {
            var r = Json("--catalog", copy, "--vector", vector);
            Assert.InRange(r.GetProperty("precision").GetDouble(), chance - band, chance + band);
        }
    }

    [Fact]
    public void Vectors_SummaryAndMfcc_HaveTheirDimensions_AndBothFindAlbums()
    {
        var summary = Json("--catalog", _f.Catalog, "--vector", "summary", "--k", "3");
        var mfcc = Json("--catalog", _f.Catalog, "--vector", "mfcc", "--analysis", "summary@1");
        Assert.Equal((357, 3), (summary.GetProperty("dimensions").GetInt32(), summary.GetProperty("k").GetInt32()));
        Assert.Equal(40, mfcc.GetProperty("dimensions").GetInt32());
        Assert.True(mfcc.GetProperty("precision").GetDouble() > (5.0 / 23) + Margin);
        var raw = Json("--catalog", _f.Catalog, "--vector", "mfcc", "--raw");
        Assert.Equal("mfcc (raw)", raw.GetProperty("vector").GetString());
        Assert.NotEqual(mfcc.GetProperty("precision").GetDouble(), raw.GetProperty("precision").GetDouble());
    }

    [Fact]
    public void Out_WritesJsonMarkdownAndPng_AndPrintsTheTables()
    {
        var dir = Path.Combine(_f.Dir, "report");
        var (code, output, error) = CliRunner.Run("eval-retrieval", "--catalog", _f.Catalog, "--out", dir);
        Assert.True(code == 0, error);
        foreach (var name in new[] { "queries", "chance P@5", "MAP@5", "nDCG@5", "MAP@10", "Album 03" })
        {
            Assert.Contains(name, output);
        }

        Assert.Contains("| Album 01 | 6 | 6 |", File.ReadAllText(Path.Combine(dir, "retrieval.md")));
        Assert.Equal(24, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "retrieval.json"))).RootElement.GetProperty("tracks").GetInt32());
        PlotImage.AssertChart(Path.Combine(dir, "retrieval.png"));
    }

    [Fact]
    public void Errors_NameTheProblem()
    {
        var (code, _, error) = CliRunner.Run("eval-retrieval", "--catalog", _f.Catalog, "--analysis", "contrastive@2");
        Assert.Equal(2, code);
        Assert.Contains("no analysis set 'contrastive@2'", error);
        Assert.Contains("summary@1 (24 tracks)", error);
        (code, _, error) = CliRunner.Run("eval-retrieval", "--catalog", _f.Catalog, "--by", "genre");
        Assert.Equal(2, code);
        Assert.Contains("--by must be", error);
        (code, _, error) = CliRunner.Run("eval-retrieval", "--catalog", Path.Combine(_f.Dir, "missing.db"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);

        // Two untagged tracks in two folders: no album has two tracks.
        var lib = Path.Combine(_f.Dir, "singles");
        var rng = new Random(1);
        foreach (var album in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(lib, album));
            WavWriter.WriteFile(Path.Combine(lib, album, "1.wav"), new AudioBuffer([.. Enumerable.Range(0, 22050).Select(_ => (float)(rng.NextDouble() - 0.5))], 22050));
        }

        var catalog = Path.Combine(_f.Dir, "singles.db");
        Assert.Equal(0, CliRunner.Run("scan", lib, "--catalog", catalog).Code);
        (code, _, error) = CliRunner.Run("eval-retrieval", "--catalog", catalog);
        Assert.Equal(1, code);
        Assert.Contains("No album has 2 or more tracks", error);
        (code, _, error) = CliRunner.Run("eval-retrieval", "--catalog", catalog, "--by", "artist");
        Assert.Equal(1, code);
        Assert.Contains("No artist has 2 or more tracks", error);
    }
}
