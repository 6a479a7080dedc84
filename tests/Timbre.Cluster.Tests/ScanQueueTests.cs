using Timbre.Cluster.Scanning;

namespace Timbre.Cluster.Tests;

public sealed class ScanQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScanJob Job(int batches, int maxAttempts = 3) => new()
    {
        Id = Guid.NewGuid(),
        Catalog = "c",
        Root = "/music",
        Models = ["summary"],
        Batches = [.. Enumerable.Range(0, batches).Select(i => new[] { $"/music/{i}.wav" })],
        LeaseSeconds = 10,
        MaxAttempts = maxAttempts,
    };

    [Fact]
    public void EveryBatchIsLeasedOnceThenTheJobFinishes()
    {
        var queue = new ScanQueue();
        var job = Job(3);
        queue.Submit(job, T0);
        var leases = new[] { queue.Lease("a", T0), queue.Lease("b", T0), queue.Lease("a", T0) };
        Assert.Null(queue.Lease("c", T0));
        Assert.Equal([0, 1, 2], leases.Select(l => l!.Batch));

        // A lease carries its own batch's files and the job's settings, never the whole library's list.
        Assert.Equal(["/music/1.wav"], leases[1]!.Files);
        Assert.All(leases, l => Assert.Empty(l!.Job.Batches));
        Assert.Equal((job.Catalog, job.Root, job.LeaseSeconds), (leases[0]!.Job.Catalog, leases[0]!.Job.Root, leases[0]!.Job.LeaseSeconds));
        foreach (var l in leases)
        {
            queue.Complete(job.Id, l!.Batch, l.Batch == 1 ? "b" : "a", new BatchResult { Analysed = 1 }, T0);
        }

        var status = queue.Status(job.Id, T0)!;
        Assert.True(status.Finished);
        Assert.Equal("a,b,a", string.Join(",", status.DoneBy));
        Assert.Equal(3, status.Totals.Analysed);
    }

    [Fact]
    public void ExpiredLeaseIsHandedOutAgainAndTheFirstCompletionWins()
    {
        var queue = new ScanQueue();
        var job = Job(1);
        queue.Submit(job, T0);
        var first = queue.Lease("a", T0)!;
        Assert.True(queue.Renew(job.Id, 0, first.LeaseId, T0.AddSeconds(8)));
        Assert.Null(queue.Lease("b", T0.AddSeconds(15)));
        var second = queue.Lease("b", T0.AddSeconds(19))!;
        Assert.Equal(0, second.Batch);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.False(queue.Renew(job.Id, 0, first.LeaseId, T0.AddSeconds(20)));
        queue.Complete(job.Id, 0, "a", new BatchResult { Analysed = 1 }, T0.AddSeconds(21));
        queue.Complete(job.Id, 0, "b", new BatchResult { Unchanged = 1 }, T0.AddSeconds(22));
        var status = queue.Status(job.Id, T0.AddSeconds(22))!;
        Assert.True(status.Finished);
        Assert.Equal("a", string.Join(",", status.DoneBy));
        Assert.Equal(1, status.Totals.Analysed);
        Assert.Equal(0, status.Totals.Unchanged);
        Assert.Equal(1, status.Reassigned);
    }

    [Fact]
    public void LeasesOfADeadSiloAreReclaimedAtOnce()
    {
        var queue = new ScanQueue();
        var job = Job(2);
        queue.Submit(job, T0);
        queue.Lease("dead", T0);
        queue.Lease("alive", T0);
        var again = queue.Lease("alive", T0.AddSeconds(1), new HashSet<string> { "dead" });
        Assert.Equal(0, again!.Batch);
        Assert.Equal(new Dictionary<string, int> { ["alive"] = 2 }, queue.Depth(T0.AddSeconds(1)).LeasedBySilo);
    }

    [Fact]
    public void ReleasedBatchIsRetriedThenGivenUpAfterMaxAttempts()
    {
        var queue = new ScanQueue();
        var job = Job(1, maxAttempts: 2);
        queue.Submit(job, T0);
        var stopping = queue.Lease("a", T0)!;
        queue.Release(job.Id, 0, stopping.LeaseId, error: null, T0);
        var fail1 = queue.Lease("b", T0)!;
        queue.Release(job.Id, 0, fail1.LeaseId, "boom", T0);
        var fail2 = queue.Lease("b", T0)!;
        queue.Release(job.Id, 0, fail2.LeaseId, "boom again", T0);
        Assert.Null(queue.Lease("c", T0));
        var status = queue.Status(job.Id, T0)!;
        Assert.True(status.Finished);
        Assert.Equal(["batch 0: boom again"], status.FailedBatches);
    }

    [Fact]
    public void ResubmittedJobKeepsItsDoneBatchesAndCancelDropsPending()
    {
        var queue = new ScanQueue();
        var job = Job(3) with { DoneBy = ["x", null, null] };
        queue.Submit(job, T0);
        Assert.Equal(1, queue.Lease("a", T0)!.Batch);
        queue.Cancel(job.Id, T0);
        Assert.Null(queue.Lease("a", T0));
        var status = queue.Status(job.Id, T0)!;
        Assert.False(status.Finished);
        Assert.Equal(0, status.Pending);
        Assert.Equal(1, status.Leased);
        Assert.Null(new ScanQueue().Status(job.Id, T0));
    }

    [Fact]
    public void BadJobIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ScanQueue().Submit(Job(1) with { LeaseSeconds = 0 }, T0));
        Assert.Throws<ArgumentException>(() => new ScanQueue().Submit(Job(1) with { Workers = 0 }, T0));
    }
}
