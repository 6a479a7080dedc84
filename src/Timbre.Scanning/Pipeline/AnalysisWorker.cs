using System.Threading.Channels;
using Timbre.Core.Analysis;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.Scanning.Pipeline;

/// <summary>
/// One worker: hashes a changed file (when the scan has a hasher), re-decides against the walker's stored state
/// whether the content really changed, commits its in-progress mark and analyses it with <see cref="IFileAnalyzer"/>.
/// Never reads the store; its only store call is the mark, a write.
/// </summary>
internal sealed class AnalysisWorker(ScanContext scan, long scanId, int worker)
{
    public async Task WorkAsync(ChannelReader<WorkItem> work, ChannelWriter<ScanOutcome> results, CancellationToken token)
    {
        await foreach (var item in work.ReadAllAsync(token).ConfigureAwait(false))
        {
            var outcome = Process(item, token);
            await results.WriteAsync(outcome, token).ConfigureAwait(false);
        }
    }

    private ScanOutcome Process(WorkItem item, CancellationToken token)
    {
        var file = item.File;
        var analyzers = item.Analyzers;
        try
        {
            string? hash = null;
            if (scan.ContentHasher is { } hasher)
            {
                hash = hasher(file.Path);
                analyzers = [.. analyzers.Where(a => item.Stored.NeedsAnalysis(file.SizeBytes, file.ModifiedUtc, hash, a.ModelId, a.FeatureVersion))];
                if (analyzers.Count == 0)
                {
                    // Nothing needed with the hash known means the track is stored with the same content.
                    return new ScanOutcome.Touched(file, hash, item.Stored.Track!);
                }
            }

            MarkInProgress(file);
            return Analyse(file, hash, analyzers, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (AudioDecodingException e)
        {
            return new ScanOutcome.Failed(new ScanFailure(file.Path, e.Reason), file, ModelSpecific: false);
        }
        catch (CatalogException)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bad file must never stop the scan: anything else going wrong with this one file is its failure.
            return new ScanOutcome.Failed(new ScanFailure(file.Path, Reason(e)), file, ModelSpecific: true, analyzers[0].ModelId, analyzers[0].FeatureVersion);
        }
    }

    /// <summary>
    /// Analyses the file with every analyzer it needs; an analyzer that fails fails the file for its model only (the
    /// first such failure is recorded; the others are retried next scan).
    /// </summary>
    private ScanOutcome Analyse(FoundFile file, string? hash, IReadOnlyList<ITrackAnalyzer> analyzers, CancellationToken token)
    {
        var analysed = scan.Files.Analyze(file, hash, analyzers, scan.Options.AnalysisWindow, token);
        ScanOutcome.Failed? failure = null;
        if (analysed.Failures.Count > 0)
        {
            var (analyzer, error) = analysed.Failures[0];
            failure = new ScanOutcome.Failed(new ScanFailure(file.Path, Reason(error)), file, ModelSpecific: true, analyzer.ModelId, analyzer.FeatureVersion);
        }

        if (analysed.Analyses.Count == 0)
        {
            return failure!;
        }

        return new ScanOutcome.Analysed(analysed.Track, analysed.Analyses, analysed.DurationSeconds, failure);
    }

    private static string Reason(Exception e) => e is TimbreException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Commits "worker is analysing this file" before the first byte is decoded (see the scanner's summary).</summary>
    private void MarkInProgress(FoundFile file)
    {
        var mark = new AnalysisInProgressRecord
        {
            Path = file.Path,
            SizeBytes = file.SizeBytes,
            ModifiedUtc = file.ModifiedUtc,
            ScanId = scanId,
            Worker = worker,
            ProcessId = Environment.ProcessId,
        };
        scan.Store(s => s.MarkAnalysisStarted(mark));
    }
}
