
namespace Timbre.Scanning.Tests;

[Collection("Console")]
public sealed class ScanCommandTests : IDisposable
{
    private readonly TestLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void Scan_PrintsSkipLinesAndASummary_ThenCatalogStatsCountsTheTracks()
    {
        _lib.Wav("x/a.wav", 300, seed: 1);
        _lib.Wav("b.wav", 500, seed: 2);
        _lib.BadFiles();

        var (code, output, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "2", "--batch", "1");

        Assert.True(code == 0, error + output);
        // stdout is redirected here, so skip lines go to stderr with the progress; the summary stays on stdout.
        Assert.Equal(3, error.Split('\n').Count(l => l.StartsWith("skip ", StringComparison.Ordinal)));
        Assert.Contains("empty.wav", error);
        Assert.DoesNotContain("empty.wav", output);
        Assert.Contains("analysed", output);
        Assert.Contains("summary v1", output);

        (code, output, error) = CliRunner.Run("catalog", "stats", "--catalog", _lib.CatalogPath);
        Assert.True(code == 0, error);
        Assert.Matches(@"present tracks\s*│\s*2\s", output);
        Assert.Matches(@"integrity\s*│\s*ok", output);
    }

    [Fact]
    public void ScanJson_PutsOnlyTheReportOnStdout_AndSkipsOnStderr()
    {
        _lib.Wav("x/a.wav", 300, seed: 1);
        _lib.Wav("b.wav", 500, seed: 2);
        _lib.BadFiles();

        var (code, output, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "2", "--json");

        Assert.True(code == 0, error + output);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["summary@1"], root.GetProperty("analyzers").EnumerateArray().Select(a => a.GetString()));
        var report = root.GetProperty("report");
        Assert.Equal(2, report.GetProperty("analysed").GetInt64());
        Assert.Equal(3, report.GetProperty("failedCount").GetInt64());
        Assert.Equal(3, report.GetProperty("failures").GetArrayLength());
        Assert.True(root.GetProperty("elapsedSeconds").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("spaceFittedOn").GetInt64());
        Assert.Contains("empty.wav", error);
        Assert.Contains("Embedding space refitted", error);
    }

    [Fact]
    public void ModelSummaryAt2_StoresA418DimSetBesideVersion1_AndABadVersionIsAnOptionsError()
    {
        _lib.Wav("a.wav", 300, seed: 1);
        var (code, output, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--model", "summary@2");
        Assert.True(code == 0, error + output);
        Assert.Contains("summary v2", output);
        Assert.Equal(0, CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath).Code);
        using (var store = new Timbre.Storage.Sqlite.SqliteCatalogStore(_lib.CatalogPath))
        {
            var sets = store.ListAnalysisSets().OrderBy(s => s.FeatureVersion).ToList();
            Assert.Equal([("summary", 1, 357), ("summary", 2, 418)], sets.Select(s => (s.ModelId, s.FeatureVersion, s.EmbeddingDimension)));
        }

        (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--model", "summary@7");
        Assert.NotEqual(0, code);
        Assert.Contains("summary@1 … summary@2", error);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void MaxSeconds_IsValidated_AndALongTrackIsAnalysedOnTheWindow()
    {
        _lib.Wav("long.wav", 300, seconds: 12, seed: 1);
        var (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--max-seconds", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("--max-seconds must be 1–86400", error);

        (code, var output, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--max-seconds", "3");
        Assert.True(code == 0, error + output);
        using var store = new Timbre.Storage.Sqlite.SqliteCatalogStore(_lib.CatalogPath);
        Assert.Equal(12, store.FindTrackByPath(_lib.Path("long.wav"))!.DurationSeconds, 1);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Rescan_SkipsKnownFailuresQuietly_RetryFailedRetries_CatalogFailuresListsThem()
    {
        _lib.Wav("a.wav", 300, seed: 1);
        var bad = _lib.BadFiles();
        string[] scan = ["scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "2"];
        Assert.Equal(0, CliRunner.Run(scan).Code);

        var (code, output, error) = CliRunner.Run(scan);
        Assert.True(code == 0, error + output);
        Assert.DoesNotContain((output + error).Split('\n'), l => l.StartsWith("skip ", StringComparison.Ordinal));
        Assert.Contains("3 files failed earlier and were skipped (unchanged); --retry-failed to try again", output);
        Assert.Matches(@"known failures skipped\s*│\s*3\s", output);

        (code, output, error) = CliRunner.Run([.. scan, "--retry-failed"]);
        Assert.True(code == 0, error + output);
        Assert.Equal(3, error.Split('\n').Count(l => l.StartsWith("skip ", StringComparison.Ordinal)));
        Assert.DoesNotContain("failed earlier", output);

        (code, output, error) = CliRunner.Run("catalog", "failures", "--catalog", _lib.CatalogPath, "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(bad.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("path").GetString()));
        Assert.All(rows, r => Assert.Equal(2, r.GetProperty("attempts").GetInt32()));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
        Assert.All(rows, r => Assert.True(r.TryGetProperty("lastFailedUtc", out _)));

        (code, output, error) = CliRunner.Run("catalog", "failures", "--catalog", _lib.CatalogPath);
        Assert.True(code == 0, error);
        Assert.Contains("3 files; a scan retries a file once it changes", output);
        Assert.Contains("Attempts", output);
        Assert.Contains("file is empty", output);

        (code, output, _) = CliRunner.Run("catalog", "stats", "--catalog", _lib.CatalogPath);
        Assert.Matches(@"scan failures\s*│\s*3\s", output);
    }

    [Fact]
    public void Scan_WithAnUnknownModelOrBadWorkers_IsAOneLineUserError()
    {
        var (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--model", "nope.pkg");
        Assert.Equal(2, code);
        Assert.Contains("Unknown analyzer", error);

        (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "0");
        Assert.Equal(2, code);
        Assert.Contains("workers", error);

        (code, _, error) = CliRunner.Run("catalog", "stats", "--catalog", _lib.Path("none.db"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
    }
}
