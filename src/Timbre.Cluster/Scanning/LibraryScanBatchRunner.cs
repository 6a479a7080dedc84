using System.Collections.Concurrent;
using Timbre.App.Analysis;
using Timbre.App.Scanning;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage;

namespace Timbre.Cluster.Scanning;

/// <summary>
/// Runs a batch through the same journey as <c>timbre scan</c>: Timbre.App's <see cref="LibraryScan"/> over the
/// batch's files (<see cref="ScanOptions.Files"/>), writing to the catalog with the same idempotent batched upserts
/// keyed by path (and content hash). The embedding space is refitted once by the client at the end, not per batch.
/// Analyzers are resolved once per model list, and catalog stores opened once per catalog and kept between batches
/// (opening one costs a connection and the migration check), so a silo pays neither per batch; a batch that fails
/// drops its store, so a broken connection is never reused.
/// </summary>
/// <param name="resolver">Turns model names into analyzers.</param>
/// <param name="decoder">Decodes and probes the audio files.</param>
public sealed class LibraryScanBatchRunner(AnalyzerResolver resolver, IAudioDecoder decoder) : IScanBatchRunner, IDisposable
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ITrackAnalyzer>> _analyzers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<ICatalogStore>> _idleStores = new(StringComparer.Ordinal);
    private int _storesOpened;

    /// <summary>How many times a batch opened a catalog store (the rest reused one); for tests.</summary>
    public int StoresOpened => Volatile.Read(ref _storesOpened);

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
        var idle = _idleStores.GetOrAdd(job.Catalog, _ => []);
        if (!idle.TryTake(out var store))
        {
            store = CatalogStores.Open(job.Catalog, create: true);
            Interlocked.Increment(ref _storesOpened);
        }

        ScanReport report;
        try
        {
            report = new LibraryScan(resolver, decoder).Run(store, options, analyzers, fitSpace: false, cancellationToken: cancellationToken).Report;
        }
        catch
        {
            store.Dispose();
            throw;
        }

        idle.Add(store);
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

    /// <summary>Closes the stores kept between batches.</summary>
    public void Dispose()
    {
        foreach (var stores in _idleStores.Values)
        {
            while (stores.TryTake(out var store))
            {
                store.Dispose();
            }
        }
    }
}
