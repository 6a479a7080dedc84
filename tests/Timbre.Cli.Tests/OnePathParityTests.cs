using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Cli.Tests;

/// <summary>
/// One request through <c>timbre recommend</c> and through the web backend over the same catalog gives the same
/// tracks, scores and explanations: both load the one snapshot (Timbre.App) and the one method registry.
/// </summary>
[Collection("Console")]
public sealed class OnePathParityTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public OnePathParityTests(RecCatalogFixture fixture) => _f = fixture;

    [Fact]
    public async Task SimilarTracks_CliAndWeb_GiveTheSameTracksAndExplanations()
    {
        using var backend = new CatalogBackend(new SqliteCatalogStore(_f.Catalog), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
        var seed = Id(_f.Track("mid", 2));

        var cli = Cli("recommend", "--catalog", _f.Catalog, "--like", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "6", "--json");
        var web = await backend.SimilarAsync(seed, SimilarMethod.M1, 6);

        AssertSame(cli, web);
        Assert.Contains(web, i => i.Why.Contains("brightness", StringComparison.Ordinal)); // the statistics named by both
    }

    [Fact]
    public async Task UserRecommendations_CliAndWeb_GiveTheSameTracksAndExplanations_AfterLikesInTheBrowser()
    {
        var db = _f.CopyCatalog();
        Assert.Equal(0, CliRunner.Run("user", "add", "ann", "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "add", "bob", "--catalog", db).Code);
        Assert.Equal(0, CliRunner.Run("user", "like", "bob", _f.Track("treble", 0), _f.Track("treble", 1), _f.Track("bass", 3), "--catalog", db).Code);
        using var backend = new CatalogBackend(new SqliteCatalogStore(db), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
        long ann;
        using (var store = new SqliteCatalogStore(db))
        {
            ann = store.FindUserByName("ann")!.Id;
        }

        // Likes made in the browser are applied to the live snapshot; the CLI reads them from the catalog.
        await backend.SimilarAsync(Id(_f.Track("mid", 0)), SimilarMethod.M1, 1);
        backend.AddInteraction(ann, Id(_f.Track("treble", 0)), InteractionKind.Like);
        backend.AddInteraction(ann, Id(_f.Track("bass", 1)), InteractionKind.Dislike);

        var cli = Cli("recommend", "--catalog", db, "--user", "ann", "--method", "usercf", "-n", "5", "--json");
        var web = await backend.RecommendForAsync(ann, UserMethod.Cf, 5);

        Assert.NotEmpty(web);
        AssertSame(cli, web);
        Assert.Equal(1, backend.SnapshotLoads); // the likes did not reload the catalog
    }

    private long Id(string path)
    {
        using var store = new SqliteCatalogStore(_f.Catalog);
        return store.FindTrackByPath(path)!.Id;
    }

    private static List<JsonElement> Cli(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("items").EnumerateArray().ToList();
    }

    private static void AssertSame(List<JsonElement> cli, IReadOnlyList<RecommendationItem> web)
    {
        Assert.Equal(cli.Select(i => i.GetProperty("id").GetInt64()), web.Select(i => i.Id));
        Assert.Equal(cli.Select(i => i.GetProperty("why").GetString()), web.Select(i => i.Why));
        Assert.Equal(cli.Select(i => i.GetProperty("title").GetString()), web.Select(i => i.Title));
        Assert.Equal(cli.Select(i => i.GetProperty("score").GetDouble()), web.Select(i => Math.Round(i.Score, 6)));
    }
}
