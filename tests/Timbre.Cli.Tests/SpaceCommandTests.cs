using System.Text.Json;

namespace Timbre.Cli.Tests;

/// <summary><c>timbre catalog space fit|show|clear</c> and the space a scan fits, on the fixture's small library.</summary>
[Collection("Console")]
public sealed class SpaceCommandTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public SpaceCommandTests(RecCatalogFixture fixture) => _f = fixture;

    [Fact]
    public void Scan_FitsASpace_ThatShowListsByBlock_AndRecommendExplainsByBlock()
    {
        var (code, output, error) = CliRunner.Run("catalog", "space", "show", "--catalog", _f.Catalog);
        Assert.True(code == 0, error);
        Assert.Contains("timbre", output, StringComparison.Ordinal);
        Assert.Contains("harmony", output, StringComparison.Ordinal);
        Assert.Contains("loudness", output, StringComparison.Ordinal);
        Assert.Contains("fitted on 18 tracks", output, StringComparison.Ordinal);

        (code, output, error) = CliRunner.Run("recommend", "--catalog", _f.Catalog, "--like", _f.Track("bass", 0), "-n", "3", "--json");
        Assert.True(code == 0, error);
        var why = JsonDocument.Parse(output).RootElement.GetProperty("items")[0].GetProperty("why").GetString();
        Assert.Matches("close in (timbre|harmony|loudness)", why);
    }

    [Fact]
    public void ShowJson_IsOneDocumentWithTheBlocks_AndNullWithoutASpace()
    {
        var (code, output, error) = CliRunner.Run("catalog", "space", "show", "--catalog", _f.Catalog, "--json");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(18, root.GetProperty("fittedOn").GetInt32());
        var blocks = root.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        Assert.Contains("timbre", blocks);
        Assert.Equal(root.GetProperty("dimension").GetInt32(), root.GetProperty("blocks").EnumerateArray().Sum(b => b.GetProperty("dimensionsOut").GetInt32()));

        var catalog = _f.CopyCatalog();
        Assert.Equal(0, CliRunner.Run("catalog", "space", "clear", "--catalog", catalog).Code);
        (code, output, error) = CliRunner.Run("catalog", "space", "show", "--catalog", catalog, "--json");
        Assert.True(code == 0, error);
        Assert.Equal("null", output.Trim());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Fit_WithWeightsAndEvaluate_StoresTheWeights_ClearRemovesTheSpace()
    {
        var catalog = _f.CopyCatalog();
        var (code, output, error) = CliRunner.Run("catalog", "space", "fit", "--catalog", catalog, "--weights", "timbre=2,loudness=0", "--whiten", "--evaluate");
        Assert.True(code == 0, error);
        Assert.Contains("album P@5", output, StringComparison.Ordinal);
        Assert.Contains("whitening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("loudness", output.Split("Embedding")[0], StringComparison.Ordinal);

        (code, _, error) = CliRunner.Run("catalog", "space", "fit", "--catalog", catalog, "--weights", "tempo=2");
        Assert.Equal(2, code);
        Assert.Contains("Bad block weight 'tempo=2'", error, StringComparison.Ordinal);

        (code, _, error) = CliRunner.Run("catalog", "space", "clear", "--catalog", catalog);
        Assert.True(code == 0, error);
        (code, output, _) = CliRunner.Run("catalog", "space", "show", "--catalog", catalog);
        Assert.Contains("No embedding space fitted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SetsAreNamedLikeEvalRetrievalNamesThem_WithOrWithoutTheV()
    {
        var catalog = _f.CopyCatalog();
        foreach (var name in new[] { "summary", "summary@1", "summary@v1" })
        {
            var (code, output, error) = CliRunner.Run("catalog", "space", "fit", "--catalog", catalog, "--sets", name);
            Assert.True(code == 0, name + ": " + error);
            Assert.Contains("space over summary v1", output, StringComparison.Ordinal);
        }

        var (bad, _, message) = CliRunner.Run("catalog", "space", "fit", "--catalog", catalog, "--sets", "summary@x");
        Assert.NotEqual(0, bad);
        Assert.Contains("MODEL@VERSION", message, StringComparison.Ordinal);
        (bad, _, message) = CliRunner.Run("eval-retrieval", "--catalog", catalog, "--analysis", "summary@v7");
        Assert.NotEqual(0, bad);
        Assert.Contains("no analysis set 'summary@v7'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARescan_RefitsTheStoredSpace_KeepingItsWeightsAndOptions_UnlessToldNot()
    {
        var catalog = _f.CopyCatalog();
        var (code, _, error) = CliRunner.Run("catalog", "space", "fit", "--catalog", catalog, "--weights", "harmony=3", "--no-robust");
        Assert.True(code == 0, error);

        (code, var output, error) = CliRunner.Run("scan", _f.Library, "--catalog", catalog, "--workers", "1");
        Assert.True(code == 0, error);
        Assert.Contains("Embedding space refitted on 18 tracks", output, StringComparison.Ordinal);
        (_, output, _) = CliRunner.Run("catalog", "space", "show", "--catalog", catalog);
        Assert.Contains("robust z-score off", output, StringComparison.Ordinal);
        Assert.Matches(@"harmony\s*│\s*summary v1\s*│\s*126\s*│\s*126\s*│\s*3\s", output);

        (code, output, _) = CliRunner.Run("scan", _f.Library, "--catalog", catalog, "--workers", "1", "--no-space");
        Assert.Equal(0, code);
        Assert.DoesNotContain("Embedding space refitted", output, StringComparison.Ordinal);
    }
}
