using System.Collections.Concurrent;
using Timbre.App.Analysis;
using Timbre.App.Scanning;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Scanning;
using Timbre.Storage;

namespace Timbre.Cluster.Scanning;

/// <summary>
/// Runs a batch through the same journey as <c>timbre scan</c>: Timbre.App's <see cref="LibraryScan"/> over the
/// batch's files (<see cref="ScanOptions.Files"/>), writing to the catalog with the same idempotent batched upserts
/// keyed by path (and content hash). The embedding space is refitted once by the client at the end, not per batch.
/// Analyzers are resolved once per model list and reused for every batch of the silo.
/// </summary>
/// <param name="resolver">Turns model names into analyzers.</param>
/// <param name="decoder">Decodes and probes the audio files.</param>
public sealed class LibraryScanBatchRunner(AnalyzerResolver resolver, IAudioDecoder decoder) : IScanBatchRunner
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ITrackAnalyzer>> _analyzers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public BatchResult Run(ScanLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Job;
        var analyzers = _analyzers.GetOrAdd(string.Join('\n', job.Models), _ => resolver.ResolveAll(job.Models));
        var options = new ScanOptions
        {
            Root = job.Root,
            Files = lease.Files,
            Workers = job.Workers,
            RetryFailed = job.RetryFailed,
            RecoverAbandoned = false,
            AnalysisWindow = new AnalysisWindowOptions { MaxSeconds = job.MaxSeconds },
        };
        using var store = CatalogStores.Open(job.Catalog, create: true);
        var report = new LibraryScan(resolver, decoder).Run(store, options, analyzers, fitSpace: false, cancellationToken: cancellationToken).Report;
        return new BatchResult
        {
            Seen = report.Seen,
            Analysed = report.Analysed,
            Unchanged = report.SkippedUnchanged + report.KnownFailures,
            Failed = report.FailedCount,
            Cancelled = report.Cancelled,
            AudioSeconds = report.AudioSeconds,
        };
    }
}
