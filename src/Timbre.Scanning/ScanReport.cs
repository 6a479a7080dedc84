namespace Timbre.Scanning;

/// <summary>A file the scan skipped because it could not be decoded or analysed.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, without the path (e.g. the <c>AudioDecodingException.Reason</c>).</param>
public sealed record ScanFailure(string Path, string Reason);

/// <summary>What one scan did.</summary>
public sealed record ScanReport
{
    /// <summary>Most failures kept in <see cref="Failures"/>; <see cref="FailedCount"/> counts them all.</summary>
    public const int MaxListedFailures = 1000;

    /// <summary>Audio files found (matching the extensions).</summary>
    public long Seen { get; init; }

    /// <summary>Files decoded, analysed and committed.</summary>
    public long Analysed { get; init; }

    /// <summary>Files skipped because their stored analysis is still valid (same size and mtime, or same content hash).</summary>
    public long SkippedUnchanged { get; init; }

    /// <summary>Of <see cref="SkippedUnchanged"/>, files whose mtime changed but content hash did not (re-stamped, not re-analysed).</summary>
    public long Touched { get; init; }

    /// <summary>Files that failed in this scan (all of them, listed or not); each is recorded in the catalog.</summary>
    public long FailedCount { get; init; }

    /// <summary>
    /// Files recorded as failures by an earlier scan and unchanged since (same size and mtime), skipped without
    /// decoding and not listed in <see cref="Failures"/> (0 with <see cref="ScanOptions.RetryFailed"/>).
    /// </summary>
    public long KnownFailures { get; init; }

    /// <summary>
    /// Files a previous scan was analysing when it died (crash, out of memory, kill -9), recorded as failures at the
    /// start of this scan (reason <see cref="LibraryScanner.AbandonedReason"/>) and then skipped while unchanged.
    /// </summary>
    public long AbandonedFailures { get; init; }

    /// <summary>The failures, in the order they happened (at most <see cref="MaxListedFailures"/>).</summary>
    public IReadOnlyList<ScanFailure> Failures { get; init; } = [];

    /// <summary>Catalogued tracks under the root not found by this scan, now marked missing (0 when cancelled).</summary>
    public long Missing { get; init; }

    /// <summary>Missing tracks deleted (with <see cref="ScanOptions.Prune"/>).</summary>
    public long Pruned { get; init; }

    /// <summary>Recorded failures of files under the root that no longer exist, forgotten (with <see cref="ScanOptions.Prune"/>).</summary>
    public long PrunedFailures { get; init; }

    /// <summary>Analyses of other models or feature versions deleted (with <see cref="ScanOptions.DeleteOtherAnalyses"/>).</summary>
    public long DeletedOtherAnalyses { get; init; }

    /// <summary>Transactions that committed analyses.</summary>
    public long BatchesCommitted { get; init; }

    /// <summary>Seconds of audio in the <see cref="Analysed"/> files (their durations; each analysis reads at most
    /// <see cref="ScanOptions.AnalysisWindow"/> of it).</summary>
    public double AudioSeconds { get; init; }

    /// <summary>Wall-clock time of the scan.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the scan was cancelled: only whole batches were committed and nothing was marked missing.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Analysed tracks per second of wall-clock time.</summary>
    public double TracksPerSecond => Elapsed.TotalSeconds > 0 ? Analysed / Elapsed.TotalSeconds : 0;

    /// <summary>Seconds of audio analysed per second of wall-clock time.</summary>
    public double AudioSecondsPerSecond => Elapsed.TotalSeconds > 0 ? AudioSeconds / Elapsed.TotalSeconds : 0;
}
