namespace Timbre.Cluster.Hosting;

/// <summary>
/// The thread pool's floor in silos and cluster clients. A query fans out to every shard and each shard's turn runs a
/// scan of up to a few hundred ms; with the default floor (the core count) the pool grows by hill-climbing, one thread
/// per ≈ 0.5 s, and a query waiting for a free thread took 2.1–2.6 s where its shard searches took ≤ 0.35 s
/// (`cluster bench` at 1 M, quiet VM: sharded p99 2 351 ms with the default floor, 152 ms with a floor of 32).
/// Silos raise it (a shard's turn holds its thread for the scan) and so do the cluster CLI commands; a web server
/// that is a cluster client (<c>serve --cluster</c>) does not: it awaits the shards and holds no thread meanwhile.
/// </summary>
public static class ClusterThreads
{
    /// <summary>Worker threads the pool starts with, at least.</summary>
    public const int MinimumWorkers = 32;

    /// <summary>Raises the pool's floor to <see cref="MinimumWorkers"/> (never lowers it).</summary>
    public static void EnsureFloor()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinimumWorkers)
        {
            ThreadPool.SetMinThreads(MinimumWorkers, io);
        }
    }
}
