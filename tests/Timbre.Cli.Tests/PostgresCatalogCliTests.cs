using System.Text.Json;

namespace Timbre.Cli.Tests;

/// <summary>
/// The real CLI on a PostgreSQL catalog (a throw-away server, <see cref="PostgresServer"/>): scan, stats, an
/// incremental rescan, users and recommendations, each giving what the same commands give on a SQLite file.
/// </summary>
[Collection("Console")]
[Trait("Category", "Slow")]
public sealed class PostgresCatalogCliTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public void ScanStatsUserRecommend_OnPostgres_GiveWhatTheyGiveOnSqlite()
    {
        using var library = new TestLibrary(perFamily: 3, seconds: 2);
        var postgres = server.CreateDatabase();
        var sqlite = library.CatalogPath;
        foreach (var catalog in new[] { postgres, sqlite })
        {
            Run("scan", library.Root, "--catalog", catalog, "--json");
            Run("user", "add", "ann", "--catalog", catalog);
            Run("user", "like", "ann", library.Tracks[1].Path, "--catalog", catalog);
        }

        var stats = Json(Run("catalog", "stats", "--catalog", postgres, "--json"));
        Assert.Equal(12, stats.GetProperty("presentTracks").GetInt64());
        Assert.Equal(12, stats.GetProperty("analyses").GetInt64());
        Assert.Equal("ok", stats.GetProperty("integrity").GetString());
        Assert.StartsWith("postgresql://timbre@127.0.0.1:", stats.GetProperty("file").GetString());

        var rescan = Json(Run("scan", library.Root, "--catalog", postgres, "--json"));
        Assert.Equal(0, rescan.GetProperty("report").GetProperty("analysed").GetInt64());

        var seed = library.Tracks[0].Path;
        var onPostgres = Items(Run("recommend", "--catalog", postgres, "--like", seed, "-n", "5", "--json"));
        var onSqlite = Items(Run("recommend", "--catalog", sqlite, "--like", seed, "-n", "5", "--json"));
        Assert.Equal(5, onPostgres.Count);
        Assert.Equal(onSqlite.Select(i => i.Path), onPostgres.Select(i => i.Path));
        Assert.All(onSqlite.Zip(onPostgres), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-9));

        var forUser = Items(Run("user", "recommend", "ann", "--method", "m1", "--catalog", postgres, "-n", "3", "--json"));
        Assert.Equal(Items(Run("user", "recommend", "ann", "--method", "m1", "--catalog", sqlite, "-n", "3", "--json")).Select(i => i.Path), forUser.Select(i => i.Path));
    }

    [Fact]
    public void AnUnreachableServerOrAnEmptyDatabase_IsAOneLineError_ExitOne()
    {
        var (code, _, error) = CliRunner.Run("catalog", "stats", "--catalog", "postgresql://timbre@127.0.0.1:1/music");
        Assert.Equal(1, code);
        Assert.Contains("Cannot reach the PostgreSQL server of catalog postgresql://timbre@127.0.0.1:1/music", error);

        (code, _, error) = CliRunner.Run("recommend", "--catalog", server.CreateDatabase(), "--like", "1");
        Assert.Equal(1, code);
        Assert.Contains("not yet a Timbre catalog", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static string Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, $"timbre {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    private static List<(string Path, double Score)> Items(string output) =>
        Json(output).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("path").GetString()!, i.GetProperty("score").GetDouble())).ToList();
}
