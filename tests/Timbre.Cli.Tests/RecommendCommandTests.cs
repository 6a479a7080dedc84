using System.Text.Json;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class RecommendCommandTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public RecommendCommandTests(RecCatalogFixture fixture) => _f = fixture;

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    [Fact]
    public void Recommend_Json_HasTheDocumentedShape_NItems_AndNeverTheSeeds()
    {
        var seeds = new[] { _f.Track("bass", 0), _f.Track("bass", 1) };
        var (code, output, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", seeds[0], seeds[1], "-n", "4", "--json");
        Assert.True(code == 0, error);
        var root = Json(output);
        Assert.Equal("m1", root.GetProperty("method").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        foreach (var item in items)
        {
            foreach (var key in new[] { "id", "path", "title", "score", "genre", "why" })
            {
                Assert.True(item.TryGetProperty(key, out _), key);
            }

            Assert.DoesNotContain(item.GetProperty("path").GetString(), seeds);
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("why").GetString()));
        }

        Assert.Equal(items.Count, items.Select(i => i.GetProperty("id").GetInt64()).Distinct().Count());
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.StartsWith(Path.Combine(_f.Library, "bass"), items[0].GetProperty("path").GetString()); // nearest is same-folder
    }

    [Fact]
    public void Recommend_GenreMethods_NeedGenres_AndWorkWithFolderLabels_WithGenreFilters()
    {
        var (code, _, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", _f.Track("mid", 2), "--method", "m2");
        Assert.Equal(2, code);
        Assert.Contains("needs genre information", error);
        Assert.Single(error.Trim().Split('\n'));

        (code, var output, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", _f.Track("mid", 2), "--method", "m2", "--folder-genres", "--exclude-genres", "mid", "-n", "5", "--json");
        Assert.True(code == 0, error);
        var genres = Json(output).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("genre").GetString()).ToList();
        Assert.Equal(5, genres.Count);
        Assert.DoesNotContain("mid", genres);
    }

    [Fact]
    public void Recommend_AnOutsideFile_AnalysesIt_AndTheTableShowsReasons()
    {
        var (code, output, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", _f.Outside, "-n", "3", "--max-per-artist", "1");
        Assert.True(code == 0, error);
        Assert.Contains("m1", output);
        Assert.Contains("outside", output); // the explanation names the seed file
        Assert.Contains("treble", output); // the nearest tracks are the treble tones
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("/no/such/file.wav")]
    public void Recommend_UnknownSeed_IsOneErrorLine(string seed)
    {
        var (code, output, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", seed);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(seed, error);
    }

    [Fact]
    public void Recommend_BadOptions_AreErrors()
    {
        Assert.Equal(2, CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", "1", "--method", "nope").Code);
        Assert.Equal(2, CliRunner.Run("recommend", "--catalog", _f.Catalog).Code);
        Assert.Equal(1, CliRunner.Run("recommend", "--catalog", Path.Combine(_f.Dir, "missing.db"), "--like", "1").Code);
        Assert.False(File.Exists(Path.Combine(_f.Dir, "missing.db")));
        Assert.Equal(2, CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", "1", "--diversity", "2").Code);
    }

    [Fact]
    public void Playlist_HasNTracks_FromAToB_WithoutRepeats()
    {
        var (code, output, error) = CliRunner.Run("playlist", "--catalog", _f.Catalog, "--from", _f.Track("bass", 0), "--to", _f.Track("treble", 0), "-n", "7", "--json");
        Assert.True(code == 0, error);
        var paths = Json(output).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.Equal(7, paths.Count);
        Assert.Equal(7, paths.Distinct().Count());
        Assert.Equal(_f.Track("bass", 0), paths[0]);
        Assert.Equal(_f.Track("treble", 0), paths[^1]);

        (code, _, error) = CliRunner.Run("playlist", "--catalog", _f.Catalog, "--from", "424242", "--to", _f.Track("treble", 0));
        Assert.Equal(1, code);
        Assert.Contains("424242", error);
    }

    [Fact]
    public void Radio_PlaysNTracks_NeverTheSeed_NeverTwice()
    {
        var seed = _f.Track("mid", 3);
        var (code, output, error) = CliRunner.Run("radio", "--catalog", _f.Catalog, "--seed", seed, "-n", "12", "--json");
        Assert.True(code == 0, error);
        var paths = Json(output).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.Equal(12, paths.Count);
        Assert.Equal(12, paths.Distinct().Count());
        Assert.DoesNotContain(seed, paths);

        (code, output, _) = CliRunner.Run("radio", "--catalog", _f.Catalog, "--seed", seed, "-n", "100", "--json");
        Assert.Equal(0, code);
        Assert.Equal(17, Json(output).GetProperty("items").GetArrayLength()); // stops when the catalog is exhausted
    }
}
