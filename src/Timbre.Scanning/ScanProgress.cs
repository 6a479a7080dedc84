namespace Timbre.Scanning;

/// <summary>What happened to trigger a <see cref="ScanProgress"/> report.</summary>
public enum ScanEventKind
{
    /// <summary>
    /// A file was dealt with (analysed, skipped unchanged or skipped as a known failure); not yet committed if analysed.
    /// </summary>
    FileDone = 0,

    /// <summary>A file failed; <see cref="ScanProgress.Failure"/> says which and why.</summary>
    FileFailed = 1,

    /// <summary>A batch of analyses was committed.</summary>
    BatchCommitted = 2,

    /// <summary>The scan ended (completed or cancelled).</summary>
    Finished = 3,
}

/// <summary>
/// A snapshot reported by the scanner. Reports come from one thread, in order, so an <see cref="IProgress{T}"/>
/// that handles them synchronously sees consistent counters.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Found">Audio files found so far by the (streaming) enumeration.</param>
/// <param name="EnumerationDone">True once every file has been found, so <paramref name="Found"/> is the total.</param>
/// <param name="Processed">Files dealt with so far (analysed, unchanged, failed or known failures).</param>
/// <param name="Analysed">Files analysed so far (committed or pending in the current batch).</param>
/// <param name="Committed">Analyses committed so far.</param>
/// <param name="Unchanged">Files skipped unchanged so far.</param>
/// <param name="Failed">Files failed so far.</param>
/// <param name="Elapsed">Time since the scan started.</param>
/// <param name="Failure">The failure, for <see cref="ScanEventKind.FileFailed"/>; else null.</param>
/// <param name="KnownFailures">Files skipped so far as unchanged failures of an earlier scan (not in <paramref name="Failed"/>).</param>
public sealed record ScanProgress(
    ScanEventKind Kind,
    long Found,
    bool EnumerationDone,
    long Processed,
    long Analysed,
    long Committed,
    long Unchanged,
    long Failed,
    TimeSpan Elapsed,
    ScanFailure? Failure,
    long KnownFailures = 0);
