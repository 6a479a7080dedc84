using System.Text.Json;

namespace Timbre.Cli.Tests;

/// <summary><c>--json</c> on <c>catalog stats</c> and <c>user show</c>: stdout is exactly one JSON document.</summary>
[Collection("Console")]
public sealed class JsonOutputTests(RecCatalogFixture f) : IClassFixture<RecCatalogFixture>
{
    [Fact]
    public void CatalogStatsJson_IsOneDocumentWithTheCounts()
    {
        var (code, output, error) = CliRunner.Run("catalog", "stats", "--catalog", f.Catalog, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(Path.GetFullPath(f.Catalog), root.GetProperty("file").GetString());
        Assert.Equal(18, root.GetProperty("presentTracks").GetInt64());
        Assert.Equal(0, root.GetProperty("missingTracks").GetInt64());
        var set = Assert.Single(root.GetProperty("analysisSets").EnumerateArray());
        Assert.Equal("summary", set.GetProperty("modelId").GetString());
        Assert.Equal(18, set.GetProperty("tracks").GetInt64());
        Assert.Equal("ok", root.GetProperty("integrity").GetString());
        Assert.True(root.GetProperty("schemaVersion").GetInt32() > 0);
    }

    [Fact]
    public void UserShowJson_ListsLikesDislikesRatingsAndGenreShares()
    {
        var db = f.CopyCatalog();
        Assert.Equal(0, CliRunner.Run("user", "add", "ann", "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "like", "ann", f.Track("treble", 0), "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "dislike", "ann", f.Track("bass", 0), "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "rate", "ann", f.Track("treble", 2), "5", "--catalog", db).Code);

        var (code, output, error) = CliRunner.Run("user", "show", "ann", "--catalog", db, "--folder-genres", "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("ann", root.GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("interactions").GetInt32());
        Assert.Equal(f.Track("treble", 0), Assert.Single(root.GetProperty("likes").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal(f.Track("bass", 0), Assert.Single(root.GetProperty("dislikes").EnumerateArray()).GetProperty("path").GetString());
        var rating = Assert.Single(root.GetProperty("ratings").EnumerateArray());
        Assert.Equal(f.Track("treble", 2), rating.GetProperty("path").GetString());
        Assert.Equal(5, rating.GetProperty("rating").GetDouble());
        var shares = root.GetProperty("genreShares").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(1.0, Assert.Single(shares, s => s.Key == "treble").Value, 3);
    }
}
