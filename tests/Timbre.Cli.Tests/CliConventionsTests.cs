namespace Timbre.Cli.Tests;

/// <summary>Help examples on every command; --quiet; progress kept off stdout when stdout is not a terminal.</summary>
[Collection("Console")]
public sealed class CliConventionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-conventions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EveryRunnableCommand_HasExamplesInItsHelp_ThatStartWithItsOwnName()
    {
        var commands = CliApp.RunnableCommands();
        Assert.Contains("scan", commands);
        Assert.Contains("catalog space fit", commands);
        foreach (var path in commands)
        {
            var (code, output, _) = CliRunner.Run([.. path.Split(' '), "--help"]);
            Assert.True(code == 0, $"timbre {path} --help exited {code}");
            var examples = output[(output.IndexOf("Examples:", StringComparison.Ordinal) is var at && at >= 0 ? at : throw new Xunit.Sdk.XunitException($"timbre {path} --help has no examples"))..];
            var lines = examples.Split('\n').Skip(1).Select(l => l.Trim()).TakeWhile(l => l.Length > 0).ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.StartsWith($"timbre {path} ", l + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryExample_ParsesWithoutErrors()
    {
        Assert.All(CliApp.Examples(), example =>
        {
            var errors = CliApp.ParseErrors(example.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);
            Assert.True(errors.Count == 0, $"{example}: {string.Join("; ", errors)}");
        });
    }

    [Fact]
    public void Scan_WithStdoutRedirected_PrintsTheSummaryOnStdout_AndSkipNotesOnStderr()
    {
        var library = MakeLibrary();
        File.WriteAllText(Path.Combine(library, "broken.mp3"), "not audio at all");
        var (code, output, error) = CliRunner.Run("scan", library, "--catalog", Path.Combine(_dir, "c.db"));
        Assert.Equal(0, code);
        Assert.Contains("analysed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("broken.mp3", output, StringComparison.Ordinal);
        Assert.Contains("broken.mp3", error, StringComparison.Ordinal);

        // The scan ends by writing the serving snapshot file, current for the catalog as the scan left it.
        Assert.Contains("Serving snapshot written", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "c.db.ann"), "*.snapshot"));
        using var store = new Timbre.Storage.Sqlite.SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var analyzer = new Timbre.Analyzers.SummaryFeatureAnalyzer();
        var again = Timbre.App.Snapshot.ServingSnapshot.WriteFile(store, Path.Combine(_dir, "c.db"), analyzer.ModelId, analyzer.FeatureVersion);
        Assert.Equal((false, "current"), (again!.Value.Written, again.Value.Why));
    }

    [Fact]
    public void Quiet_IsAcceptedBeforeOrAfterAnyCommand_AndStillPrintsResultsAndBadFiles()
    {
        var library = MakeLibrary();
        File.WriteAllText(Path.Combine(library, "broken.mp3"), "not audio at all");
        var catalog = Path.Combine(_dir, "q.db");
        var (code, output, error) = CliRunner.Run("-q", "scan", library, "--catalog", catalog);
        Assert.Equal(0, code);
        Assert.Contains("analysed", output, StringComparison.Ordinal);
        Assert.Contains("broken.mp3", error, StringComparison.Ordinal);

        var (statsCode, stats, _) = CliRunner.Run("catalog", "stats", "--catalog", catalog, "--json", "--quiet");
        Assert.Equal(0, statsCode);
        Assert.StartsWith("{", stats.TrimStart(), StringComparison.Ordinal);
    }

    private string MakeLibrary()
    {
        var library = Path.Combine(_dir, "lib");
        Directory.CreateDirectory(library);
        File.WriteAllBytes(Path.Combine(library, "a.wav"), TestWav.Tone(220, 3));
        File.WriteAllBytes(Path.Combine(library, "b.wav"), TestWav.Tone(880, 3, seed: 2));
        return library;
    }
}
