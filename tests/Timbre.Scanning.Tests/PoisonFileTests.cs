using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

/// <summary>
/// Issue 10 "Scan survives a poison file": kill -9 the real <c>timbre scan</c> while it analyses a long file (its
/// in-progress mark committed), rerun: the rerun finishes, catalogues the other files and lists the poison file as a
/// failure (<c>timbre catalog failures</c>, table and JSON).
/// </summary>
[Collection("Console")]
public sealed class PoisonFileTests : IDisposable
{
    private const int GoodFiles = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TestLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Trait("Category", "Slow")]
    [Fact]
    public void KillNineWhileAnalysingALongFile_RerunRecordsItAsAFailure_AndCataloguesTheRest()
    {
        for (var i = 0; i < GoodFiles; i++)
        {
            _lib.Wav($"good/t{i}.wav", 200 + 50 * i, seconds: 1.5, seed: i);
        }

        var poison = LongSilentFlac("poison/hour.flac", seconds: 3600);

        // 1. Scan until the poison file's in-progress mark is committed, then SIGKILL the process.
        using (var child = StartScan(out _))
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (!IsMarkedInProgress(poison))
            {
                Assert.False(child.HasExited, $"scan ended before it started on the poison file (exit {(child.HasExited ? child.ExitCode : 0)})");
                Assert.True(DateTime.UtcNow < deadline, "the poison file was never marked in progress");
                Thread.Sleep(5);
            }

            child.Kill(entireProcessTree: true);
            Assert.True(child.WaitForExit(Timeout));
        }

        // 2. Rerun: it must finish (not die on the poison file again) and report the file it recorded.
        using (var child = StartScan(out var output))
        {
            Assert.True(child.WaitForExit(Timeout), "rerun did not finish: it analysed the poison file again");
            child.WaitForExit(); // drains the output readers
            Assert.True(child.ExitCode == 0, $"rerun exit code {child.ExitCode}: {output}");
            Assert.Contains("1 file was being analysed when the previous scan stopped", output.ToString());
        }

        using (var store = new SqliteCatalogStore(_lib.CatalogPath))
        {
            Assert.Equal("ok", store.IntegrityCheck());
            Assert.Equal(GoodFiles, store.GetStats().PresentTracks);
            Assert.Null(store.FindTrackByPath(poison));
            Assert.Empty(store.ListAnalysesInProgress());
        }

        var (code, json, error) = CliRunner.Run("catalog", "failures", "--catalog", _lib.CatalogPath, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(json);
        var row = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(poison, row.GetProperty("path").GetString());
        Assert.Equal(LibraryScanner.AbandonedReason, row.GetProperty("reason").GetString());
        Assert.Equal(new FileInfo(poison).Length, row.GetProperty("sizeBytes").GetInt64());

        (code, var table, error) = CliRunner.Run("catalog", "failures", "--catalog", _lib.CatalogPath);
        Assert.True(code == 0, error);
        Assert.Contains("hour.flac", table);
        Assert.Contains("1 files; a scan retries a file once it changes", table);

        // A third scan skips it quietly as a known failure.
        var (third, thirdOut, thirdErr) = CliRunner.Run("scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "1");
        Assert.True(third == 0, thirdErr);
        Assert.Contains("1 file failed earlier and was skipped (unchanged)", thirdOut);
        Assert.DoesNotContain("previous scan stopped", thirdOut);
    }

    [Fact]
    public void EachFileIsMarkedWhileAnalysed_AndNoMarkOutlivesAFinishedScan()
    {
        var paths = Enumerable.Range(0, 5).Select(i => _lib.Wav($"t{i}.wav", 220 + 40 * i, seed: i)).ToList();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var analyzer = new MarkCheckingAnalyzer(new SummaryFeatureAnalyzer(), _lib.CatalogPath);
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), analyzer);

        var report = scanner.Scan(new ScanOptions { Root = _lib.Root, Workers = 2, BatchSize = 3 });

        Assert.Equal(5, report.Analysed);
        Assert.Equal(paths.Order(StringComparer.Ordinal), analyzer.MarkedWhileAnalysed.Order(StringComparer.Ordinal));
        Assert.Empty(store.ListAnalysesInProgress());
    }

    [Fact]
    public void MarksOfADeadProcess_BecomeFailures_SkippedUntilRetried_LiveProcessesMarksAreLeftAlone()
    {
        var good = _lib.Wav("good.wav", 300, seed: 1);
        var poison = _lib.Wav("poison.wav", 400, seed: 2);
        var busy = Path.GetFullPath(_lib.Path("../other-library/busy.wav")); // being analysed by another scan
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        store.MarkAnalysisStarted(MarkOf(poison, scanId: 7, processId: DeadProcessId()));
        store.MarkAnalysisStarted(MarkOf(good, scanId: 8, processId: Environment.ProcessId) with { Path = busy }); // a scan running in this process
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), new SummaryFeatureAnalyzer());
        var options = new ScanOptions { Root = _lib.Root, Workers = 1 };

        var first = scanner.Scan(options);

        Assert.Equal((1L, 1L, 1L, 0L), (first.AbandonedFailures, first.KnownFailures, first.Analysed, first.FailedCount));
        var failure = Assert.Single(store.ListScanFailures());
        Assert.Equal((poison, LibraryScanner.AbandonedReason), (failure.Path, failure.Reason));
        Assert.Null(store.FindTrackByPath(poison));
        Assert.NotNull(store.FindTrackByPath(good));
        Assert.Equal([busy], store.ListAnalysesInProgress().Select(m => m.Path)); // the live scan's mark stays

        var second = scanner.Scan(options);
        Assert.Equal((0L, 1L, 0L), (second.AbandonedFailures, second.KnownFailures, second.Analysed));

        var retried = scanner.Scan(options with { RetryFailed = true });
        Assert.Equal((1L, 0L), (retried.Analysed, retried.KnownFailures));
        Assert.Empty(store.ListScanFailures());
        Assert.NotNull(store.FindTrackByPath(poison));
    }

    private static AnalysisInProgressRecord MarkOf(string path, long scanId, int processId)
    {
        var file = new FileInfo(path);
        return new() { Path = path, SizeBytes = file.Length, ModifiedUtc = file.LastWriteTimeUtc, ScanId = scanId, Worker = 0, ProcessId = processId };
    }

    /// <summary>The id of a process that has exited (and been reaped).</summary>
    private static int DeadProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    /// <summary>The real analyzer, noting each file whose in-progress mark another connection sees while it runs.</summary>
    private sealed class MarkCheckingAnalyzer(ITrackAnalyzer inner, string catalogPath) : ITrackAnalyzer
    {
        private readonly List<string> _marked = [];

        public IReadOnlyList<string> MarkedWhileAnalysed
        {
            get
            {
                lock (_marked)
                {
                    return [.. _marked];
                }
            }
        }

        public string ModelId => inner.ModelId;

        public int FeatureVersion => inner.FeatureVersion;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
        {
            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = catalogPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT path FROM scan_in_progress";
                using var r = cmd.ExecuteReader();
                lock (_marked)
                {
                    while (r.Read())
                    {
                        if (!_marked.Contains(r.GetString(0)))
                        {
                            _marked.Add(r.GetString(0));
                        }
                    }
                }
            }

            return inner.Analyze(audio, cancellationToken);
        }
    }

    /// <summary>A small FLAC holding a long silence: cheap to store, long (and, decoded whole, large) to analyse.</summary>
    private string LongSilentFlac(string relative, int seconds)
    {
        var path = _lib.Path(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        GeneratorFfmpeg.Run("-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", $"{seconds}", "-c:a", "flac", path);
        return path;
    }

    private bool IsMarkedInProgress(string path)
    {
        if (!File.Exists(_lib.CatalogPath))
        {
            return false;
        }

        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = _lib.CatalogPath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM scan_in_progress WHERE path = @path";
            cmd.Parameters.AddWithValue("@path", path);
            return (long)cmd.ExecuteScalar()! > 0;
        }
        catch (SqliteException)
        {
            return false; // schema not created yet
        }
    }

    /// <summary>Starts the real CLI; <paramref name="output"/> collects stdout and stderr (read as they come, so the child never blocks).</summary>
    private Process StartScan(out System.Text.StringBuilder output)
    {
        var info = DotnetChild.StartInfo("timbre.dll", "scan", _lib.Root, "--catalog", _lib.CatalogPath, "--workers", "1");

        var text = new System.Text.StringBuilder();
        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        p.ErrorDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        output = text;
        return p;
    }
}
