namespace Timbre.Cli.Tests;

/// <summary><c>timbre map</c>: a PNG of a synthetic catalog's map, the cache file reused, and its exit codes.</summary>
[Collection("Console")]
public sealed class MapCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-map-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_the_map_keeps_neighbours_and_reuses_the_cache()
    {
        var db = Path.Combine(_dir, "s.db");
        Assert.Equal(0, CliRunner.Run("catalog", "synth", "--catalog", db, "--tracks", "120", "--users", "2", "--genres", "4").Code);
        var png = Path.Combine(_dir, "map.png");
        var (code, output, error) = CliRunner.Run("map", "--catalog", db, "--out", png);
        Assert.True(code == 0, error);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        var kept = double.Parse(output.Split("kept: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(kept > 0.3, output); // chance is 10 / 119 ≈ 0.08

        var cache = db + ".map.json";
        var written = File.GetLastWriteTimeUtc(cache);
        Assert.Equal(0, CliRunner.Run("map", "--catalog", db, "--out", Path.Combine(_dir, "album.png"), "--by", "album").Code);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cache));
    }

    [Fact]
    public void Missing_catalog_is_a_data_error_and_a_bad_option_a_usage_error()
    {
        Assert.Equal(1, CliRunner.Run("map", "--catalog", Path.Combine(_dir, "none.db"), "--out", Path.Combine(_dir, "m.png")).Code);
        Assert.Equal(2, CliRunner.Run("map", "--catalog", Path.Combine(_dir, "none.db"), "--out", Path.Combine(_dir, "m.png"), "--by", "colour").Code);
    }
}
