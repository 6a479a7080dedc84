namespace Timbre.Cluster.Scanning;

/// <summary>Scans one leased batch into the job's catalog (the silo side of a distributed scan).</summary>
public interface IScanBatchRunner
{
    /// <summary>Scans the batch's files; cancelled when the silo stops (committed batches of files stay).</summary>
    BatchResult Run(ScanLease lease, CancellationToken cancellationToken);
}
