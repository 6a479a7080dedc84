using System.Diagnostics;
using System.Threading.Channels;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.Scanning.Pipeline;

/// <summary>
/// One scan from start to report: recovers a dead scan's marks, begins the scan (its id goes to the workers and the
/// writer), wires walker → work channel → workers → result channel → writer, and stops every flow before returning.
/// </summary>
internal sealed class ScanRun(ScanContext scan, IProgress<ScanProgress>? progress, CancellationToken userToken)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<ScanReport> RunAsync()
    {
        userToken.ThrowIfCancellationRequested();
        var options = scan.Options;
        var (deletedOther, abandoned, scanId) = scan.Store(s =>
        {
            if (options.DeleteOtherAnalyses && scan.Analyzers.Count > 1)
            {
                throw new InvalidOptionsException("Deleting other analyses keeps one model's; it cannot be combined with several analyzers.");
            }

            long deleted = options.DeleteOtherAnalyses ? s.DeleteAnalysesExcept(scan.Analyzers[0].ModelId, scan.Analyzers[0].FeatureVersion) : 0;
            var abandonedCount = options.RecoverAbandoned ? RecordAbandonedAnalyses(s) : 0;
            return (deleted, abandonedCount, s.BeginScan(scan.Root));
        });

        // The pipeline token also fires when the writer fails, so blocked producers and workers always wake up.
        using var pipeline = CancellationTokenSource.CreateLinkedTokenSource(userToken);
        var token = pipeline.Token;
        var work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.Workers * 2)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var results = Channel.CreateBounded<ScanOutcome>(new BoundedChannelOptions(Math.Max(options.BatchSize, options.Workers * 2))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var walker = new ChangeFilter(scan);
        var tasks = new List<Task> { Task.Run(() => walker.ProduceAsync(work.Writer, results.Writer, token), CancellationToken.None) };
        for (var i = 0; i < options.Workers; i++)
        {
            var worker = new AnalysisWorker(scan, scanId, i);
            tasks.Add(Task.Run(() => worker.WorkAsync(work.Reader, results.Writer, token), CancellationToken.None));
        }

        var all = Task.WhenAll(tasks);
        _ = all.ContinueWith(
            t => results.Writer.TryComplete(t.IsFaulted ? FirstRealError(t.Exception!) : null),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var writer = new CatalogWriter(scan, scanId, progress, _clock, userToken);
        var cancelled = false;
        long missing = 0, pruned = 0, prunedFailures = 0;
        try
        {
            await foreach (var outcome in results.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                writer.Handle(outcome);
            }

            (missing, pruned, prunedFailures) = writer.Finish();
        }
        catch (OperationCanceledException) when (userToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            // Stop and wait for every worker, so none touches the store after the scan returns.
            await pipeline.CancelAsync().ConfigureAwait(false);
            try
            {
                await all.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Already surfaced through the results channel, or a consequence of the cancellation above.
            }

            ClearOwnMarks(scanId);
        }

        writer.Report(ScanEventKind.Finished, null);
        return new ScanReport
        {
            Seen = scan.Found,
            Analysed = writer.Committed,
            SkippedUnchanged = writer.Unchanged,
            Touched = writer.Touched,
            FailedCount = writer.Failed,
            KnownFailures = writer.KnownFailures,
            AbandonedFailures = abandoned,
            Failures = writer.Failures,
            Missing = missing,
            Pruned = pruned,
            PrunedFailures = prunedFailures,
            DeletedOtherAnalyses = deletedOther,
            BatchesCommitted = writer.Batches,
            AudioSeconds = writer.AudioSeconds,
            Elapsed = _clock.Elapsed,
            Cancelled = cancelled,
        };
    }

    private static Exception? FirstRealError(AggregateException e)
    {
        foreach (var inner in e.Flatten().InnerExceptions)
        {
            if (inner is not OperationCanceledException)
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>
    /// Records the files a dead scan left marked as failures. Marks of a live process (another scan of this catalog,
    /// or one in this process) are left alone.
    /// </summary>
    private static long RecordAbandonedAnalyses(ICatalogStore store)
    {
        var dead = store.ListAnalysesInProgress()
            .Where(m => m.ProcessId != Environment.ProcessId && !ProcessIsRunning(m.ProcessId))
            .Select(m => m.Path)
            .ToList();
        return dead.Count == 0 ? 0 : store.FailAnalysesInProgress(dead, LibraryScanner.AbandonedReason).Count;
    }

    private static bool ProcessIsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Drops the marks this scan still holds (files cancelled mid-analysis); they were not poison.</summary>
    private void ClearOwnMarks(long scanId)
    {
        try
        {
            scan.Store(s => s.ClearAnalysesInProgress(scanId));
        }
        catch (CatalogException)
        {
            // The store already failed (that error is what the scan reports); a mark left here costs one retry.
        }
    }
}
