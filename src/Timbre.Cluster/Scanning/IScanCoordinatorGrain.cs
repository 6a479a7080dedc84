namespace Timbre.Cluster.Scanning;

/// <summary>
/// The one coordinator of distributed scans (key <see cref="ScanCoordinator.Key"/>): holds the jobs and leases their
/// batches to the <see cref="ScanAgent"/> of every silo. Its state is in memory: when its silo dies the clients that
/// submitted the jobs submit them again (<see cref="ClusterScan"/>), with the batches already done.
/// </summary>
[Alias("timbre.IScanCoordinatorGrain")]
public interface IScanCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Adds a job (idempotent by id) and returns its status.</summary>
    [Alias("Submit")]
    Task<ScanJobStatus> Submit(ScanJob job);

    /// <summary>The next batch for <paramref name="silo"/>, or null when nothing waits.</summary>
    [Alias("Lease")]
    Task<ScanLease?> Lease(string silo);

    /// <summary>Extends a lease; false when the batch was done elsewhere or handed out again.</summary>
    [Alias("Renew")]
    Task<bool> Renew(Guid jobId, int batch, Guid leaseId);

    /// <summary>Records a batch as done by <paramref name="silo"/>.</summary>
    [Alias("Complete")]
    Task Complete(Guid jobId, int batch, string silo, BatchResult result);

    /// <summary>Gives a batch back (error null: the silo is stopping; else the scan failed).</summary>
    [Alias("Release")]
    Task Release(Guid jobId, int batch, Guid leaseId, string? error);

    /// <summary>Drops the job's pending batches.</summary>
    [Alias("Cancel")]
    Task Cancel(Guid jobId);

    /// <summary>The job's status, or null when this coordinator does not hold it (submit it again).</summary>
    [Alias("Status")]
    Task<ScanJobStatus?> Status(Guid jobId);

    /// <summary>Pending and leased batches over every job.</summary>
    [Alias("Depth")]
    Task<ScanQueueDepth> Depth();
}
