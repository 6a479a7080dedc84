using System.Threading.Channels;
using Timbre.Core.Analysis;

namespace Timbre.Scanning.Pipeline;

/// <summary>
/// The walker stage: streams the library's files and asks the catalog once per file what it holds
/// (<see cref="Timbre.Core.Catalog.IScanRepository.FindStoredFile"/>). Unchanged files and unchanged known failures go
/// straight to the writer; the rest go to the workers with the stored state and the analyzers they need. A scan of
/// listed files (<see cref="ScanOptions.Files"/>) stats those instead of walking the folder.
/// </summary>
internal sealed class ChangeFilter(ScanContext scan)
{
    public async Task ProduceAsync(ChannelWriter<WorkItem> work, ChannelWriter<ScanOutcome> results, CancellationToken token)
    {
        try
        {
            var files = scan.Options.Files is { } listed
                ? LibraryWalker.StatFiles(listed, token)
                : LibraryWalker.Walk(scan.Root, scan.Options.Extensions, scan.Options.FollowSymlinks, token);
            foreach (var file in files)
            {
                scan.CountFound();
                var stored = scan.Store(s => s.FindStoredFile(file.Path));
                List<ITrackAnalyzer> needing = [.. scan.Analyzers.Where(a => stored.NeedsAnalysis(file.SizeBytes, file.ModifiedUtc, null, a.ModelId, a.FeatureVersion))];
                if (needing.Count > 0 && !scan.Options.RetryFailed)
                {
                    needing = [.. needing.Where(a => !stored.IsKnownFailure(file.SizeBytes, file.ModifiedUtc, a.ModelId, a.FeatureVersion))];
                    if (needing.Count == 0)
                    {
                        await results.WriteAsync(new ScanOutcome.KnownFailure(file.Path), token).ConfigureAwait(false);
                        continue;
                    }
                }

                if (needing.Count > 0)
                {
                    await work.WriteAsync(new WorkItem(file, stored, needing), token).ConfigureAwait(false);
                }
                else
                {
                    await results.WriteAsync(new ScanOutcome.Unchanged(file.Path), token).ConfigureAwait(false);
                }
            }

            scan.MarkEnumerationDone();
        }
        finally
        {
            work.TryComplete();
        }
    }
}
