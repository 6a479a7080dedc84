using System.Text.Json;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class EvalRecCommandTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public EvalRecCommandTests(RecCatalogFixture fixture) => _f = fixture;

    [Fact]
    public void EvalRecJson_PrintsOnlyTheReportOnStdout()
    {
        var dir = Path.Combine(_f.Dir, "eval-json");
        var (code, output, error) = CliRunner.Run("eval-rec", "--catalog", _f.Catalog, "--users", "8", "--likes", "4", "--n", "3", "--out", dir, "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.True(json.GetProperty("Methods").GetArrayLength() > 0);
        Assert.DoesNotContain("m2 − m1 precision", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalRec_WritesReportJsonAndPngs_WithEveryMethodForBothUserKinds()
    {
        var dir = Path.Combine(_f.Dir, "eval");
        var (code, output, error) = CliRunner.Run("eval-rec", "--catalog", _f.Catalog, "--users", "12", "--likes", "4", "--n", "3", "--out", dir);
        Assert.True(code == 0, error);
        foreach (var file in new[] { "rec-report.md", "rec-report.json", "rec-methods.png", "rec-genre-accuracy.png", "rec-theta-sweep.png", "rec-cold-start.png" })
        {
            var path = Path.Combine(dir, file);
            Assert.True(File.Exists(path), file);
            Assert.True(new FileInfo(path).Length > 500, file);
        }

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "rec-report.json"))).RootElement;
        var rows = json.GetProperty("Methods").EnumerateArray().ToList();
        foreach (var method in new[] { "m1", "m2", "profile", "multi", "user-knn", "item-knn", "als", "hybrid" })
        {
            foreach (var kind in new[] { "single", "multi" })
            {
                Assert.Contains(rows, r => r.GetProperty("Method").GetString() == method && r.GetProperty("UserKind").GetString() == kind);
            }
        }

        Assert.Equal(6 * 3, json.GetProperty("Sweep").GetArrayLength());
        Assert.Equal(7 * 6, json.GetProperty("ColdStart").GetArrayLength());
        Assert.Equal("NeighbourVote", json.GetProperty("GenreInfo").GetString());
        Assert.Contains("m2 − m1 precision", output);
        Assert.Contains("| hybrid | multi", File.ReadAllText(Path.Combine(dir, "rec-report.md")));
        foreach (var chart in new[] { "rec-methods.png", "rec-genre-accuracy.png", "rec-theta-sweep.png", "rec-cold-start.png" })
        {
            PlotImage.AssertChart(Path.Combine(dir, chart));
        }
    }
}
