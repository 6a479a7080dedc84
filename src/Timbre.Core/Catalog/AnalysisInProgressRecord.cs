namespace Timbre.Core.Catalog;

/// <summary>
/// A file a scan worker is analysing right now, committed before its analysis starts and cleared in the transaction
/// that commits its analysis or failure. A mark left behind by a process that is gone names the file that was being
/// analysed when the scan died (crash, out of memory, kill -9): the next scan records it as a failure.
/// </summary>
public sealed record AnalysisInProgressRecord
{
    /// <summary>Full path of the file; at most one mark per path.</summary>
    public required string Path { get; init; }

    /// <summary>File size in bytes when its analysis started.</summary>
    public long SizeBytes { get; init; }

    /// <summary>Last-write time of the file (UTC) when its analysis started; compared to the tick.</summary>
    public DateTime ModifiedUtc { get; init; }

    /// <summary>The scan (<see cref="IScanRepository.BeginScan"/>) whose worker holds the mark.</summary>
    public long ScanId { get; init; }

    /// <summary>Which worker of that scan: a worker holds one mark at a time.</summary>
    public int Worker { get; init; }

    /// <summary>Operating-system id of the scanning process, to tell a live scan's marks from a dead one's.</summary>
    public int ProcessId { get; init; }

    /// <summary>When the analysis started (set by the store).</summary>
    public DateTimeOffset StartedUtc { get; init; }
}
