using Timbre.Analyzers;
using Timbre.App.Playlists;
using Timbre.Audio;
using Timbre.Storage.Sqlite;

namespace Timbre.Cli.Tests.Subsonic;

/// <summary><c>--m3u</c>/<c>--xspf</c> on the list commands, <c>user apikey</c> and <c>user import-m3u</c>.</summary>
[Collection("Console")]
public sealed class PlayerCommandTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 2, seconds: 1.0);

    public PlayerCommandTests() => _library.Catalogue(new SummaryFeatureAnalyzer(), AudioDecoders.CreateDefault());

    public void Dispose() => _library.Dispose();

    [Fact]
    public void Radio_and_playlist_also_write_m3u8_and_xspf_files_with_the_printed_songs()
    {
        var m3u = _library.Dir.File("radio.m3u8");
        var xspf = _library.Dir.File("path.xspf");

        var (code, stdout, stderr) = CliRunner.Run("radio", "--catalog", _library.CatalogPath, "--seed", "1", "-n", "3", "--json", "--m3u", m3u);
        Assert.True(code == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout); // stdout stays pure JSON
        var printed = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.Equal(printed, PlaylistFiles.Read(m3u).Select(e => e.Location));
        Assert.Contains("wrote 3 songs to", stderr);

        (code, _, stderr) = CliRunner.Run("playlist", "--catalog", _library.CatalogPath, "--from", "1", "--to", "8", "-n", "4", "--xspf", xspf);
        Assert.True(code == 0, stderr);
        var path = PlaylistFiles.Read(xspf);
        Assert.Equal(4, path.Count);
        Assert.Equal(_library.Tracks[0].Path, path[0].Location);
    }

    [Fact]
    public void Api_keys_are_created_once_listed_by_prefix_and_revoked()
    {
        Assert.Equal(0, CliRunner.Run("user", "add", "ann", "--catalog", _library.CatalogPath).Code);

        var (code, key, stderr) = CliRunner.Run("user", "apikey", "create", "ann", "--catalog", _library.CatalogPath, "--name", "phone");
        Assert.True(code == 0, stderr);
        key = key.Trim();
        Assert.StartsWith("tmb_", key);
        var (_, list, _) = CliRunner.Run("user", "apikey", "list", "ann", "--catalog", _library.CatalogPath);
        Assert.Contains("phone\t" + key[..8], list);
        Assert.DoesNotContain(key, list);
        using (var store = new SqliteCatalogStore(_library.CatalogPath))
        {
            Assert.NotNull(App.Players.ApiKeys.Find(store, key)); // only the hash is stored, and it finds the key
        }

        Assert.Equal(0, CliRunner.Run("user", "apikey", "revoke", "ann", "1", "--catalog", _library.CatalogPath).Code);
        Assert.Equal(1, CliRunner.Run("user", "apikey", "revoke", "ann", "1", "--catalog", _library.CatalogPath).Code);
    }

    [Fact]
    public void Import_m3u_likes_the_matched_songs_and_names_the_lines_it_could_not_match()
    {
        Assert.Equal(0, CliRunner.Run("user", "add", "ann", "--catalog", _library.CatalogPath).Code);
        var m3u = _library.Dir.File("mine.m3u");
        File.WriteAllText(m3u, $"#EXTM3U\n{_library.Tracks[0].Path}\n#EXTINF:1,Nobody - Nothing\nnothing.mp3\n{Path.GetFileName(_library.Tracks[2].Path)}\n");

        var (code, stdout, stderr) = CliRunner.Run("user", "import-m3u", "ann", m3u, "--catalog", _library.CatalogPath);

        Assert.True(code == 0, stderr);
        Assert.Contains("3 entries: 2 matched (2 new likes), 1 not matched", stdout);
        Assert.Contains("not matched: entry 2: Nobody - Nothing (nothing.mp3)", stdout);
        Assert.Equal(1, CliRunner.Run("user", "import-m3u", "ann", _library.Dir.File("absent.m3u"), "--catalog", _library.CatalogPath).Code);
    }
}
