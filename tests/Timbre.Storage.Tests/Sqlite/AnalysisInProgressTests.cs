using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>In-progress marks: one per scan worker, cleared by the transaction that saves the file's outcome.</summary>
public sealed class AnalysisInProgressTests
{
    private static readonly DateTime Mtime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(77);

    private static AnalysisInProgressRecord Mark(string path, long scan = 1, int worker = 0, int pid = 4242) =>
        new() { Path = path, SizeBytes = 1234, ModifiedUtc = Mtime, ScanId = scan, Worker = worker, ProcessId = pid };

    [Fact]
    public void Mark_IsCommittedAtOnce_AndAWorkersNextMarkReplacesItsPreviousOne()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        store.MarkAnalysisStarted(Mark("/m/a.ogg", worker: 0));
        store.MarkAnalysisStarted(Mark("/m/b.ogg", worker: 1));
        Assert.Equal(2, tmp.Scalar("SELECT COUNT(*) FROM scan_in_progress")); // seen by another connection: committed

        store.MarkAnalysisStarted(Mark("/m/c.ogg", worker: 0));
        store.MarkAnalysisStarted(Mark("/m/d.ogg", scan: 2, worker: 0)); // another scan's worker 0 is another worker

        var marks = store.ListAnalysesInProgress();
        Assert.Equal(["/m/b.ogg", "/m/c.ogg", "/m/d.ogg"], marks.Select(m => m.Path));
        var c = marks[1];
        Assert.Equal((1234L, Mtime, 1L, 0, 4242), (c.SizeBytes, c.ModifiedUtc, c.ScanId, c.Worker, c.ProcessId));
        Assert.Equal(DateTimeKind.Utc, c.ModifiedUtc.Kind);
        Assert.InRange(c.StartedUtc, before, DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(2, store.ClearAnalysesInProgress(1));
        Assert.Equal(["/m/d.ogg"], store.ListAnalysesInProgress().Select(m => m.Path));
    }

    [Fact]
    public void SavingTheAnalysisOrTheFailure_ClearsTheMarkInTheSameTransaction()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var track = SyntheticLibrary.Track(1);
        store.MarkAnalysisStarted(Mark(track.Path, worker: 0));
        store.MarkAnalysisStarted(Mark("/m/bad.mp3", worker: 1));
        store.MarkAnalysisStarted(Mark("/m/other.mp3", worker: 2));

        TempCatalog.SaveSynthetic(store, 1, 1);
        store.RecordScanFailures([new ScanFailureRecord { Path = "/m/bad.mp3", Reason = "not audio" }]);

        Assert.Equal(["/m/other.mp3"], store.ListAnalysesInProgress().Select(m => m.Path));
    }

    [Fact]
    public void FailingLeftoverMarks_RecordsThemAsFailuresForEveryModel_AndDropsThem()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        store.MarkAnalysisStarted(Mark("/m/poison.flac", worker: 0));
        store.MarkAnalysisStarted(Mark("/m/live.flac", scan: 2, worker: 0));

        var failed = store.FailAnalysesInProgress(["/m/poison.flac", "/m/never-marked.flac"], "the scan died");

        var f = Assert.Single(failed);
        Assert.Equal(("/m/poison.flac", 1234L, Mtime, "the scan died", 1), (f.Path, f.SizeBytes, f.ModifiedUtc, f.Reason, f.Attempts));
        Assert.Null(f.ModelId);
        Assert.True(store.IsKnownScanFailure("/m/poison.flac", 1234, Mtime, "any-model", 9));
        Assert.Equal(["/m/live.flac"], store.ListAnalysesInProgress().Select(m => m.Path));
        Assert.Equal(["/m/poison.flac"], store.ListScanFailures().Select(x => x.Path));
    }
}
