using Timbre.Cluster.Hosting;

namespace Timbre.Cluster.Tests;

public sealed class ClusterThreadsTests
{
    [Fact]
    public void EnsureFloor_RaisesTheWorkerFloorAndKeepsTheIoFloor()
    {
        ThreadPool.GetMinThreads(out _, out var ioBefore);

        ClusterThreads.EnsureFloor();

        ThreadPool.GetMinThreads(out var workers, out var io);
        Assert.True(workers >= ClusterThreads.MinimumWorkers, $"worker floor {workers}");
        Assert.Equal(ioBefore, io);
    }

    [Fact]
    public void EnsureFloor_NeverLowersAHigherFloor()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var higher = Math.Max(workers, ClusterThreads.MinimumWorkers) + 8;
        Assert.True(ThreadPool.SetMinThreads(higher, io));
        try
        {
            ClusterThreads.EnsureFloor();

            ThreadPool.GetMinThreads(out var after, out _);
            Assert.Equal(higher, after);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }
}
