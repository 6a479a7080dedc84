using System.Text.Json;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class UserCommandTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public UserCommandTests(RecCatalogFixture fixture) => _f = fixture;

    [Fact]
    public void UserFlow_AddLikeDislikeRateShowRecommend()
    {
        var db = _f.CopyCatalog();
        Assert.Equal(0, CliRunner.Run("user", "add", "ann", "--catalog", db).Code);
        var (code, output, error) = CliRunner.Run("user", "like", "ann", _f.Track("treble", 0), _f.Track("treble", 1), "--catalog", db);
        Assert.True(code == 0, error);
        Assert.Contains("liked", output);
        Assert.Equal(0, CliRunner.Run("user", "dislike", "ann", _f.Track("bass", 0), "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "rate", "ANN", _f.Track("treble", 2), "5", "--catalog", db).Code);

        (code, output, error) = CliRunner.Run("user", "show", "ann", "--catalog", db, "--folder-genres");
        Assert.True(code == 0, error);
        Assert.Contains("treble0", output);
        Assert.Contains("bass0", output);
        Assert.Contains("1.00", output); // every positive opinion is treble: share 1.00

        (code, output, error) = CliRunner.Run("user", "recommend", "ann", "--method", "profile", "--folder-genres", "-n", "3", "--catalog", db, "--json");
        Assert.True(code == 0, error);
        var items = JsonDocument.Parse(output).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var known = new[] { _f.Track("treble", 0), _f.Track("treble", 1), _f.Track("treble", 2), _f.Track("bass", 0) };
        Assert.All(items, i => Assert.DoesNotContain(i.GetProperty("path").GetString(), known));
        Assert.All(items, i => Assert.Equal("treble", i.GetProperty("genre").GetString()));

        (code, _, error) = CliRunner.Run("user", "recommend", "ann", "--method", "usercf", "--catalog", db);
        Assert.True(code == 0, error);
    }

    [Fact]
    public void UnknownUserTrackOrBadRating_AreOneLineErrors()
    {
        var db = _f.CopyCatalog();
        var (code, _, error) = CliRunner.Run("user", "like", "ghost", "1", "--catalog", db);
        Assert.Equal(1, code);
        Assert.Contains("Unknown user 'ghost'", error);
        Assert.Equal(0, CliRunner.Run("user", "add", "bob", "--catalog", db).Code);
        (code, _, error) = CliRunner.Run("user", "add", "BOB", "--catalog", db);
        Assert.Equal(1, code);
        (code, _, error) = CliRunner.Run("user", "like", "bob", "1", "/nope.wav", "--catalog", db);
        Assert.Equal(1, code);
        Assert.Contains("/nope.wav", error);
        Assert.Single(error.Trim().Split('\n'));
        (code, var output, _) = CliRunner.Run("user", "show", "bob", "--catalog", db);
        Assert.Equal(0, code);
        Assert.Contains("0 interactions", output); // the bad track left no half-recorded likes
        Assert.Equal(2, CliRunner.Run("user", "rate", "bob", "1", "6", "--catalog", db).Code);
        Assert.Equal(1, CliRunner.Run("user", "recommend", "ghost", "--catalog", db).Code);
    }
}
