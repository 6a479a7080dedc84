namespace Timbre.Core.Catalog;

/// <summary>
/// Incremental scan bookkeeping: scans and the tracks they saw, the per-file change check, and the files a scan could
/// not decode or analyse. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface IScanRepository
{
    /// <summary>
    /// Starts a scan of <paramref name="libraryRoot"/> and returns its id. Every track written afterwards
    /// (<see cref="ITrackRepository.UpsertTrack"/>, <see cref="IAnalysisRepository.SaveAnalysesBatch"/>) or passed to <see cref="MarkSeen"/> counts as
    /// seen by this scan.
    /// </summary>
    long BeginScan(string libraryRoot);

    /// <summary>Records that the scan found these (unchanged) files; they become present. Returns rows touched.</summary>
    int MarkSeen(long scanId, IEnumerable<string> paths);

    /// <summary>
    /// Marks missing every present track under <paramref name="libraryRoot"/> (a path prefix ending at a directory
    /// separator) not seen by scan <paramref name="scanId"/>. Returns the number marked.
    /// </summary>
    int MarkMissingNotSeen(long scanId, string libraryRoot);

    /// <summary>Records that the scan finished (for reporting); unfinished scans are harmless.</summary>
    void FinishScan(long scanId);

    /// <summary>Deletes tracks marked missing with their analyses and interactions. Returns tracks deleted.</summary>
    int PruneMissing();

    /// <summary>
    /// Whether the file at <paramref name="path"/> must be (re-)analysed by model <paramref name="modelId"/> at
    /// <paramref name="featureVersion"/>: true when the path is not catalogued, its size differs, its mtime differs
    /// (unless <paramref name="contentHash"/> is given and equals the stored hash: touched but same content), or it
    /// has no analysis for that model and feature version. False means the stored analysis is still valid.
    /// </summary>
    bool NeedsAnalysis(string path, long sizeBytes, DateTime modifiedUtc, string? contentHash, string modelId, int featureVersion);

    /// <summary>
    /// What the catalog holds for <paramref name="path"/> (track, its analysis sets, its recorded failure), read at
    /// once: a scan's one "has this file changed?" question per file (<see cref="StoredFile.NeedsAnalysis"/>,
    /// <see cref="StoredFile.IsKnownFailure"/>). <see cref="StoredFile.Unknown"/> when nothing is stored.
    /// </summary>
    StoredFile FindStoredFile(string path);

    // ---- scan failures ----

    /// <summary>
    /// Records files that failed to decode or analyse, in ONE transaction: a new path gets a row with one attempt;
    /// an existing row takes the new size, mtime, reason and model, its attempts grow by one and its first-failure
    /// time is kept. Times are set by the store. The in-progress marks of these paths are cleared in the same
    /// transaction. Returns the stored rows, in input order.
    /// </summary>
    IReadOnlyList<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures);

    /// <summary>
    /// Whether the file at <paramref name="path"/> with this size and mtime is a known failure for model
    /// <paramref name="modelId"/> at <paramref name="featureVersion"/>: a row for the path with the same size and
    /// mtime that is model-independent or of that model and feature version. A changed file is never known.
    /// </summary>
    bool IsKnownScanFailure(string path, long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion);

    /// <summary>Forgets the failures of these paths (file fixed or gone), in one transaction. Returns rows deleted.</summary>
    int ClearScanFailures(IEnumerable<string> paths);

    /// <summary>Every recorded failure, ordered by path.</summary>
    IReadOnlyList<ScanFailureRecord> ListScanFailures();
}
