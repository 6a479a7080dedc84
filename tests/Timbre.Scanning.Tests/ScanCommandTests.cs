using Timbre.Cli;
using Timbre.Cli.Tests;

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
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("skip ", StringComparison.Ordinal)));
        Assert.Contains("empty.wav", output);
        Assert.Contains("analysed", output);
        Assert.Contains("summary v1", output);

        (code, output, error) = CliRunner.Run("catalog", "stats", "--catalog", _lib.CatalogPath);
        Assert.True(code == 0, error);
        Assert.Matches(@"present tracks\s*│\s*2\s", output);
        Assert.Matches(@"integrity\s*│\s*ok", output);
    }

    [Fact]
    public void Scan_WithAnUnknownModelOrBadWorkers_IsAOneLineUserError()
    {
        var (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--model", "nope.pkg");
        Assert.Equal(1, code);
        Assert.Contains("Unknown analyzer", error);

        (code, _, error) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "0");
        Assert.Equal(1, code);
        Assert.Contains("workers", error);

        (code, _, error) = CliRunner.Run("catalog", "stats", "--catalog", _lib.Path("none.db"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
    }
}
