
namespace Timbre.Cluster.Scanning;

/// <summary>
/// The grain behind <see cref="IScanCoordinatorGrain"/>: a <see cref="ScanQueue"/> plus the cluster's membership,
/// so the leases of a silo declared dead are handed out again without waiting for them to run out.
/// </summary>
/// <param name="membership">The silo's view of the cluster membership.</param>
/// <param name="time">The clock of the leases.</param>
public sealed class ScanCoordinator(IClusterMembershipService membership, TimeProvider time) : Grain, IScanCoordinatorGrain
{
    /// <summary>The key of the one coordinator grain.</summary>
    public const string Key = "scans";

    private readonly ScanQueue _queue = new();

    /// <inheritdoc />
    public Task<ScanJobStatus> Submit(ScanJob job) => Task.FromResult(_queue.Submit(job, time.GetUtcNow()));

    /// <inheritdoc />
    public Task<ScanLease?> Lease(string silo) => Task.FromResult(_queue.Lease(silo, time.GetUtcNow(), DeadSilos()));

    /// <inheritdoc />
    public Task<bool> Renew(Guid jobId, int batch, Guid leaseId) => Task.FromResult(_queue.Renew(jobId, batch, leaseId, time.GetUtcNow()));

    /// <inheritdoc />
    public Task Complete(Guid jobId, int batch, string silo, BatchResult result)
    {
        _queue.Complete(jobId, batch, silo, result, time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Release(Guid jobId, int batch, Guid leaseId, string? error)
    {
        _queue.Release(jobId, batch, leaseId, error, time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Cancel(Guid jobId)
    {
        _queue.Cancel(jobId, time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ScanJobStatus?> Status(Guid jobId) => Task.FromResult(_queue.Status(jobId, time.GetUtcNow(), DeadSilos()));

    /// <inheritdoc />
    public Task<ScanQueueDepth> Depth() => Task.FromResult(_queue.Depth(time.GetUtcNow(), DeadSilos()));

    private HashSet<string> DeadSilos() =>
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress.ToString())];
}
