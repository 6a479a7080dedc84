using Timbre.Scanning;

namespace Timbre.Cluster.Scanning;

/// <summary>
/// The client side of a distributed scan: lists the library once (the same walker as a local scan), cuts it into
/// batches, submits the job to the coordinator and follows it to the end. The client is the job's source of truth: when
/// the coordinator no longer knows the job (its silo died and the grain started again elsewhere), the job is submitted
/// again with the batches already done, so nothing is lost and at most the batches in flight are scanned twice.
/// </summary>
/// <param name="grains">A cluster client (or a silo's grain factory).</param>
public sealed class ClusterScan(IGrainFactory grains)
{
    /// <summary>How long the coordinator may stay unreachable before <see cref="RunAsync"/> gives up (throws).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The job for <paramref name="root"/>: its audio files in walk order, <paramref name="batchFiles"/> per batch.
    /// Opens the catalog once to migrate it (an empty database becomes a catalog), so silos never race to create it.
    /// </summary>
    public static ScanJob Plan(string catalog, string root, IReadOnlyList<string> models, int batchFiles, IReadOnlyList<string>? extensions = null, bool followSymlinks = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchFiles, 1);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Library folder {full} does not exist.");
        }

        using (Timbre.Storage.CatalogStores.Open(catalog, create: true))
        {
        }

        var files = LibraryWalker.Walk(full, extensions ?? ScanOptions.DefaultExtensions, followSymlinks).Select(f => f.Path);
        return new ScanJob
        {
            Id = Guid.NewGuid(),
            Catalog = catalog,
            Root = full,
            Models = [.. models],
            Batches = [.. files.Chunk(batchFiles)],
        };
    }

    /// <summary>Submits the job and waits until it is finished (or cancelled: pending batches are then dropped).</summary>
    /// <param name="job">The job (see <see cref="Plan"/>).</param>
    /// <param name="progress">Each status seen, with the batches done merged over coordinator incarnations.</param>
    /// <param name="poll">Wait between status asks; default 500 ms.</param>
    /// <param name="cancellationToken">Cancels the job's pending batches and stops waiting once nothing is leased.</param>
    public async Task<ScanJobStatus> RunAsync(ScanJob job, IProgress<ScanJobStatus>? progress = null, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var coordinator = grains.GetGrain<IScanCoordinatorGrain>(ScanCoordinator.Key);
        var doneBy = new string?[job.Batches.Length];
        var wait = poll ?? TimeSpan.FromMilliseconds(500);
        var cancelSent = false;
        ScanJobStatus? status = null;
        var submitted = false;
        DateTime? failingSince = null;
        while (true)
        {
            try
            {
                if (!submitted)
                {
                    status = await coordinator.Submit(job with { DoneBy = doneBy }).ConfigureAwait(false);
                    submitted = true;
                }

                if (cancellationToken.IsCancellationRequested && !cancelSent)
                {
                    await coordinator.Cancel(job.Id).ConfigureAwait(false);
                    cancelSent = true;
                }

                status = await coordinator.Status(job.Id).ConfigureAwait(false);
                if (status is null)
                {
                    submitted = false;
                    continue;
                }
            }
            catch (Exception e) when (e is not (ArgumentException or OperationCanceledException)
                && (failingSince ??= DateTime.UtcNow) > DateTime.UtcNow - GiveUpAfter)
            {
                // The coordinator's silo is going away: ask again (a new activation will not know the job: resubmitted).
                submitted = false;
                await Task.Delay(wait, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            failingSince = null;

            for (var i = 0; i < doneBy.Length && i < status.DoneBy.Length; i++)
            {
                doneBy[i] ??= status.DoneBy[i];
            }

            var merged = status with { DoneBy = [.. doneBy] };
            progress?.Report(merged);
            if (status.Finished)
            {
                return merged;
            }

            await Task.Delay(wait, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
