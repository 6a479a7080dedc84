namespace Timbre.Core.Catalog;

/// <summary>
/// Analyses of tracks per model and feature version, the analysis sets they form, the files being analysed right now
/// (poison-file detection) and the catalog's fitted embedding space. Streaming reads (<see cref="ReadAnalyses"/>) use
/// their own connection and may run while the same instance writes. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface IAnalysisRepository
{
    /// <summary>
    /// Saves tracks (upserted by path) with their analyses (replacing an existing one for the same track, model and
    /// feature version) in ONE transaction: either the whole batch is committed or, on any error, none of it.
    /// When a track's size, mtime or hash changed, its older analyses of every model are deleted first. A recorded
    /// scan failure and in-progress mark of a saved path are cleared in the same transaction (the file now succeeds).
    /// All analyses of one model and feature version must share the embedding, genre-label and summary lengths
    /// and the same genre labels. The tracks count as seen by scan <paramref name="scanId"/> (a scan's writer passes
    /// its own id; without one, the latest scan). Returns the saved tracks with ids, in input order.
    /// </summary>
    IReadOnlyList<TrackRecord> SaveAnalysesBatch(IEnumerable<(TrackRecord Track, AnalysisRecord Analysis)> batch, long? scanId = null);

    /// <summary>The analysis of a track by one model and feature version, or null.</summary>
    AnalysisRecord? FindAnalysis(long trackId, string modelId, int featureVersion);

    /// <summary>
    /// Streams all analyses of one model and feature version of present tracks, ordered by track id, one row at a
    /// time (never the whole set in memory). Dispose the enumerator (foreach does) to release the read connection.
    /// </summary>
    IEnumerable<AnalysisRecord> ReadAnalyses(string modelId, int featureVersion);

    /// <summary>
    /// The predicted genre (<see cref="TopGenre"/> of the genre probabilities, stored with each analysis) of each of
    /// <paramref name="trackIds"/> that has one from <paramref name="source"/>; tracks without one are left out.
    /// </summary>
    IReadOnlyDictionary<long, string> PredictedGenres(IReadOnlyCollection<long> trackIds, PredictedGenreSource source);

    /// <summary>Number of analyses of one model and feature version (present tracks only).</summary>
    long CountAnalyses(string modelId, int featureVersion);

    /// <summary>
    /// Every analysis set (model id and feature version) in the catalog with its size and newest analysis time, most
    /// analyses first (ties: newest first).
    /// </summary>
    IReadOnlyList<AnalysisSetInfo> ListAnalysisSets();

    /// <summary>
    /// Deletes every analysis NOT made by <paramref name="modelId"/> at <paramref name="featureVersion"/> (call when
    /// the model or feature version changes; those tracks then need analysis again). Returns rows deleted.
    /// </summary>
    int DeleteAnalysesExcept(string modelId, int featureVersion);

    // ---- files being analysed (poison-file detection) ----

    /// <summary>
    /// Durably marks a file as being analysed by worker <see cref="AnalysisInProgressRecord.Worker"/> of scan
    /// <see cref="AnalysisInProgressRecord.ScanId"/>, dropping that worker's previous mark, in ONE committed transaction.
    /// <see cref="SaveAnalysesBatch"/> and <see cref="IScanRepository.RecordScanFailures"/> clear the marks of the paths they save.
    /// </summary>
    void MarkAnalysisStarted(AnalysisInProgressRecord mark);

    /// <summary>Every mark (of live and dead scans), ordered by path.</summary>
    IReadOnlyList<AnalysisInProgressRecord> ListAnalysesInProgress();

    /// <summary>
    /// Turns the marks of these paths into recorded scan failures for every model (with the marked size and mtime and
    /// <paramref name="reason"/>) and drops the marks, in ONE transaction. Returns the recorded failures.
    /// </summary>
    IReadOnlyList<ScanFailureRecord> FailAnalysesInProgress(IEnumerable<string> paths, string reason);

    /// <summary>Drops every mark of scan <paramref name="scanId"/> (it ended or was cancelled). Returns marks dropped.</summary>
    int ClearAnalysesInProgress(long scanId);

    // ---- embedding space ----

    /// <summary>The catalog's fitted embedding space, or null when none was fitted (readers then use raw embeddings).</summary>
    EmbeddingSpaceRecord? FindEmbeddingSpace();

    /// <summary>Stores (replacing) the catalog's embedding space; null removes it.</summary>
    void SaveEmbeddingSpace(EmbeddingSpaceRecord? space);
}
