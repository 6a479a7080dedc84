namespace Timbre.Cluster.Scanning;

/// <summary>Settings of the scan agent each silo runs.</summary>
public sealed record ScanAgentOptions
{
    /// <summary>Wait between asks for work while the queue is empty; default 1 s.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Batches one silo scans at once (each with the job's workers); default 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public ScanAgentOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(IdlePoll, TimeSpan.FromMilliseconds(10), nameof(IdlePoll));
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, nameof(Concurrency));
        return this;
    }
}
