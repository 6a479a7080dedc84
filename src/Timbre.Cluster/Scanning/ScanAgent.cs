using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Timbre.Cluster.Scanning;

/// <summary>
/// The worker of every silo: asks the coordinator for a batch, scans it with <see cref="IScanBatchRunner"/> while
/// renewing the lease (every third of its length), then reports it done; gives it back when the silo stops. Pulling
/// means a busy silo never takes more than it can scan, and a new silo starts taking batches as soon as it is up.
/// </summary>
internal sealed class ScanAgent(
    IGrainFactory grains, ILocalSiloDetails silo, IScanBatchRunner runner, ScanAgentOptions options, ILogger<ScanAgent> log) : BackgroundService
{
    private int _completed;

    /// <summary>Batches this silo completed (for tests and status lines).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Validate().Concurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var coordinator = grains.GetGrain<IScanCoordinatorGrain>(ScanCoordinator.Key);
        var me = silo.SiloAddress.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            ScanLease? lease = null;
            try
            {
                lease = await coordinator.Lease(me).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogDebug(e, "Asking the scan coordinator for work failed; asking again.");
            }

            if (lease is not null)
            {
                await ScanAsync(coordinator, lease, me, stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await Task.Delay(options.IdlePoll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ScanAsync(IScanCoordinatorGrain coordinator, ScanLease lease, string me, CancellationToken stoppingToken)
    {
        using var batch = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(coordinator, lease, batch);
        string? error = null;
        BatchResult? result = null;
        try
        {
            result = await Task.Run(() => runner.Run(lease, batch.Token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (batch.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            log.LogWarning(e, "Scan batch {Batch} of job {Job} failed.", lease.Batch, lease.JobId);
        }

        await batch.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
        try
        {
            if (result is { Cancelled: false })
            {
                await coordinator.Complete(lease.JobId, lease.Batch, me, result).ConfigureAwait(false);
                Interlocked.Increment(ref _completed);
            }
            else
            {
                await coordinator.Release(lease.JobId, lease.Batch, lease.LeaseId, error).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // The coordinator is unreachable (stopping, or its silo died): the lease runs out and the batch is redone.
            log.LogDebug(e, "Reporting scan batch {Batch} of job {Job} failed.", lease.Batch, lease.JobId);
        }
    }

    /// <summary>Renews the lease until the batch ends; a lease lost (done elsewhere, handed out again) stops the batch.</summary>
    private static async Task RenewAsync(IScanCoordinatorGrain coordinator, ScanLease lease, CancellationTokenSource batch)
    {
        var every = TimeSpan.FromSeconds(lease.Job.LeaseSeconds / 3);
        while (!batch.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, batch.Token).ConfigureAwait(false);
                if (!await coordinator.Renew(lease.JobId, lease.Batch, lease.LeaseId).ConfigureAwait(false))
                {
                    await batch.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                // Coordinator unreachable for a moment: keep scanning; a lease that runs out only means a batch done twice.
            }
        }
    }
}
