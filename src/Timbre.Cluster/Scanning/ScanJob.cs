namespace Timbre.Cluster.Scanning;

/// <summary>
/// A distributed scan: the library's files split into batches, each scanned by one silo with Timbre.App's
/// <c>LibraryScan</c> (a partial scan of the listed files). Submitted by the client that planned it, which keeps it
/// and submits it again if the coordinator lost it (its silo died), with the batches already done.
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.ScanJob")]
public sealed record ScanJob
{
    /// <summary>Identifies the job; a second submission of the same id is ignored while the coordinator holds it.</summary>
    [Id(0)] public Guid Id { get; init; }

    /// <summary>The catalog address every silo opens (a PostgreSQL URL or connection string in a real cluster).</summary>
    [Id(1)] public string Catalog { get; init; } = "";

    /// <summary>The library folder, the same path on every silo.</summary>
    [Id(2)] public string Root { get; init; } = "";

    /// <summary>Model names (<c>summary</c>, <c>summary@2</c>, package folders) analysed in one pass.</summary>
    [Id(3)] public string[] Models { get; init; } = [];

    /// <summary>The files of each batch (full paths under <see cref="Root"/>).</summary>
    [Id(4)] public string[][] Batches { get; init; } = [];

    /// <summary>Decode/analyse workers of each batch on its silo (1 to 256). Default 1.</summary>
    [Id(5)] public int Workers { get; init; } = 1;

    /// <summary>Seconds of each track analysed (the scan's analysis window). Default 600.</summary>
    [Id(6)] public double MaxSeconds { get; init; } = 600;

    /// <summary>Decode again files that failed earlier even if unchanged. Default false.</summary>
    [Id(7)] public bool RetryFailed { get; init; }

    /// <summary>Seconds a lease lasts without renewal before its batch is handed to another silo (≥ 1). Default 60.</summary>
    [Id(8)] public double LeaseSeconds { get; init; } = 60;

    /// <summary>On a re-submission, the silo that did each batch already done (null: not done). Empty on the first.</summary>
    [Id(9)] public string?[] DoneBy { get; init; } = [];

    /// <summary>Attempts of one batch before it is given up as failed (≥ 1). Default 3.</summary>
    [Id(10)] public int MaxAttempts { get; init; } = 3;
}

/// <summary>One batch handed to one silo until <see cref="Expires"/> unless renewed.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ScanLease")]
public sealed record ScanLease
{
    /// <summary>The job.</summary>
    [Id(0)] public Guid JobId { get; init; }

    /// <summary>The batch's index in <see cref="ScanJob.Batches"/>.</summary>
    [Id(1)] public int Batch { get; init; }

    /// <summary>This lease (a batch handed out again gets a new one).</summary>
    [Id(2)] public Guid LeaseId { get; init; }

    /// <summary>Catalog, root, models and settings of the job; without its batches (<see cref="Files"/> is this one's).</summary>
    [Id(3)] public ScanJob Job { get; init; } = new();

    /// <summary>When the lease runs out unless renewed.</summary>
    [Id(4)] public DateTimeOffset Expires { get; init; }

    /// <summary>The batch's files.</summary>
    [Id(5)] public string[] Files { get; init; } = [];
}

/// <summary>What one batch's scan did (the counts of its <c>ScanReport</c>).</summary>
[GenerateSerializer, Immutable, Alias("timbre.BatchResult")]
public sealed record BatchResult
{
    /// <summary>Files found of the batch's list.</summary>
    [Id(0)] public long Seen { get; init; }

    /// <summary>Files analysed and committed.</summary>
    [Id(1)] public long Analysed { get; init; }

    /// <summary>Files already catalogued and unchanged (a batch done twice is all unchanged the second time).</summary>
    [Id(2)] public long Unchanged { get; init; }

    /// <summary>Files that failed (recorded in the catalog, like a local scan's).</summary>
    [Id(3)] public long Failed { get; init; }

    /// <summary>True when the silo stopped before the batch finished (its committed part stays).</summary>
    [Id(4)] public bool Cancelled { get; init; }

    /// <summary>Seconds of audio analysed.</summary>
    [Id(5)] public double AudioSeconds { get; init; }

    /// <summary>The sum of two results.</summary>
    public BatchResult Plus(BatchResult other) => new()
    {
        Seen = Seen + other.Seen,
        Analysed = Analysed + other.Analysed,
        Unchanged = Unchanged + other.Unchanged,
        Failed = Failed + other.Failed,
        AudioSeconds = AudioSeconds + other.AudioSeconds,
    };
}

/// <summary>Where a job stands.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ScanJobStatus")]
public sealed record ScanJobStatus
{
    /// <summary>The job.</summary>
    [Id(0)] public Guid JobId { get; init; }

    /// <summary>Batches in the job.</summary>
    [Id(1)] public int Batches { get; init; }

    /// <summary>Batches waiting for a silo.</summary>
    [Id(2)] public int Pending { get; init; }

    /// <summary>Batches being scanned (leased).</summary>
    [Id(3)] public int Leased { get; init; }

    /// <summary>The silo that completed each batch (null: not done).</summary>
    [Id(4)] public string?[] DoneBy { get; init; } = [];

    /// <summary>Batches given up after <see cref="ScanJob.MaxAttempts"/>, with the last error.</summary>
    [Id(5)] public string[] FailedBatches { get; init; } = [];

    /// <summary>Sum of the completed batches' results (as seen by this coordinator incarnation).</summary>
    [Id(6)] public BatchResult Totals { get; init; } = new();

    /// <summary>Batches handed out again after a lease ran out, its silo died or stopped, or its scan failed.</summary>
    [Id(7)] public int Reassigned { get; init; }

    /// <summary>True when the job was cancelled: pending batches are dropped.</summary>
    [Id(8)] public bool Cancelled { get; init; }

    /// <summary>Batches completed.</summary>
    public int Done => DoneBy.Count(s => s is not null);

    /// <summary>True when every batch is done or failed, or the job was cancelled and nothing is leased.</summary>
    public bool Finished => Pending == 0 && Leased == 0;
}

/// <summary>The coordinator's queue at a glance (for <c>timbre cluster status</c>).</summary>
[GenerateSerializer, Immutable, Alias("timbre.ScanQueueDepth")]
public sealed record ScanQueueDepth
{
    /// <summary>Jobs not finished.</summary>
    [Id(0)] public int ActiveJobs { get; init; }

    /// <summary>Batches waiting for a silo, over every job.</summary>
    [Id(1)] public int Pending { get; init; }

    /// <summary>Batches being scanned, over every job.</summary>
    [Id(2)] public int Leased { get; init; }

    /// <summary>Leased batches per silo.</summary>
    [Id(3)] public Dictionary<string, int> LeasedBySilo { get; init; } = [];
}
