using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

/// <summary>
/// The generated malformed corpus (<see cref="MalformedAudioCorpus"/>) as a library: the scan finishes, every file
/// it sees is either analysed or recorded as a failure with a reason, and every file no decoder may accept is a failure.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MalformedCorpusScanTests : IDisposable
{
    private readonly TestLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void ScanningTheMalformedCorpus_FinishesAndAccountsForEveryFile()
    {
        var cases = MalformedAudioCorpus.Generate();
        MalformedAudioCorpus.WriteAll(cases, _lib.Root);
        var scanned = cases.Where(c => ScanOptions.DefaultExtensions.Contains(Path.GetExtension(c.Name), StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(scanned.Count >= 100, $"only {scanned.Count} scannable cases");
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), new SummaryFeatureAnalyzer());

        var report = scanner.Scan(new ScanOptions { Root = _lib.Root, Workers = 2, AnalysisWindow = new AnalysisWindowOptions { MaxSeconds = 30 } });

        Assert.False(report.Cancelled);
        Assert.Equal(scanned.Count, report.Seen);
        Assert.Equal(report.Seen, report.Analysed + report.FailedCount);
        Assert.All(report.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        var failed = report.Failures.Select(f => Path.GetFileName(f.Path)).ToHashSet(StringComparer.Ordinal);
        Assert.All(scanned.Where(c => c.MustFail), c => Assert.Contains(c.Name, failed));
    }
}
