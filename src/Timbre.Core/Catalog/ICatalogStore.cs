namespace Timbre.Core.Catalog;

/// <summary>
/// The music catalog: tracks, their analyses per model and feature version, users and their interactions.
/// Implementations are not thread-safe for writes (use one instance per writer thread); streaming reads
/// (<see cref="ReadAnalyses"/>, <see cref="ReadAllInteractions"/>) use their own connection and may run while
/// the same instance writes. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface ICatalogStore : IDisposable
{
    // ---- tracks ----

    /// <summary>
    /// Inserts the track or updates the row with the same path; it becomes present and seen by scan
    /// <paramref name="scanId"/> (a scan's writer passes its own id; without one, the latest scan). Returns it with its id.
    /// </summary>
    TrackRecord UpsertTrack(TrackRecord track, long? scanId = null);

    /// <summary>The track with this path, or null.</summary>
    TrackRecord? FindTrackByPath(string path);

    /// <summary>The track with this id, or null.</summary>
    TrackRecord? FindTrack(long id);

    /// <summary>One page of tracks matching the query's filters, and the total count.</summary>
    TrackPage ListTracks(TrackQuery query);

    /// <summary>Deletes the track with its analyses and interactions, in one transaction. False when the id is unknown.</summary>
    bool DeleteTrack(long id);

    /// <summary>How many tracks <paramref name="userId"/> owns (uploaded into the library) and their total size.</summary>
    OwnedTracksUsage GetOwnedTracksUsage(long userId);

    // ---- incremental scan bookkeeping ----

    /// <summary>
    /// Starts a scan of <paramref name="libraryRoot"/> and returns its id. Every track written afterwards
    /// (<see cref="UpsertTrack"/>, <see cref="SaveAnalysesBatch"/>) or passed to <see cref="MarkSeen"/> counts as
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

    // ---- files being analysed (poison-file detection) ----

    /// <summary>
    /// Durably marks a file as being analysed by worker <see cref="AnalysisInProgressRecord.Worker"/> of scan
    /// <see cref="AnalysisInProgressRecord.ScanId"/>, dropping that worker's previous mark, in ONE committed transaction.
    /// <see cref="SaveAnalysesBatch"/> and <see cref="RecordScanFailures"/> clear the marks of the paths they save.
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

    // ---- analyses ----

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

    // ---- embedding space ----

    /// <summary>The catalog's fitted embedding space, or null when none was fitted (readers then use raw embeddings).</summary>
    EmbeddingSpaceRecord? FindEmbeddingSpace();

    /// <summary>Stores (replacing) the catalog's embedding space; null removes it.</summary>
    void SaveEmbeddingSpace(EmbeddingSpaceRecord? space);

    // ---- users and interactions ----

    /// <summary>
    /// Creates a user; a name already taken (same <see cref="UserNames.Key"/>: NFKC, case-folded) is a
    /// <see cref="CatalogException"/>. The name is stored as given (trimmed); callers check it with <see cref="UserNames.Normalize"/>.
    /// </summary>
    UserRecord CreateUser(string name, string passwordHash);

    /// <summary>The user whose name has the same <see cref="UserNames.Key"/> (NFKC, case-folded), or null.</summary>
    UserRecord? FindUserByName(string name);

    /// <summary>Replaces a user's password hash; an unknown user is a <see cref="CatalogException"/>.</summary>
    void SetPasswordHash(long userId, string passwordHash);

    // ---- sessions ----

    /// <summary>Starts a session for the user with a new random id.</summary>
    SessionRecord CreateSession(long userId);

    /// <summary>The session with this id, or null when it was never made or has been deleted.</summary>
    SessionRecord? FindSession(string id);

    /// <summary>Records that the session was used at <paramref name="at"/>.</summary>
    void TouchSession(string id, DateTimeOffset at);

    /// <summary>Deletes one session (sign-out). Returns whether it existed.</summary>
    bool DeleteSession(string id);

    /// <summary>Deletes every session of the user except <paramref name="keepId"/> (null: all). Returns the number deleted.</summary>
    int DeleteUserSessions(long userId, string? keepId);

    /// <summary>Deletes sessions last used before <paramref name="cutoff"/>. Returns the number deleted.</summary>
    int DeleteSessionsIdleSince(DateTimeOffset cutoff);

    /// <summary>The user with this id, or null.</summary>
    UserRecord? FindUser(long id);

    /// <summary>All users ordered by id.</summary>
    IReadOnlyList<UserRecord> ListUsers();

    /// <summary>Validates and saves an interaction (unknown user or track is an error). Returns it with its id.</summary>
    InteractionRecord AddInteraction(InteractionRecord interaction);

    /// <summary>
    /// Validates and saves many interactions in ONE transaction (bulk imports, synthetic catalogs): either all are
    /// committed or, on any error (bad value, unknown user or track), none. Returns the number saved.
    /// </summary>
    int AddInteractions(IEnumerable<InteractionRecord> interactions);

    /// <summary>A user's interactions, oldest first.</summary>
    IReadOnlyList<InteractionRecord> ListInteractions(long userId);

    /// <summary>Streams every interaction ordered by user then time (for collaborative filtering).</summary>
    IEnumerable<InteractionRecord> ReadAllInteractions();

    // ---- health ----

    /// <summary>Row counts.</summary>
    CatalogStats GetStats();

    /// <summary>
    /// A number that changes whenever another connection or process (e.g. a running <c>timbre scan</c>) commits to
    /// the catalog; cheap (reads no table), for a long-lived reader to notice outside writes without polling rows.
    /// Writes made through this instance need not change it.
    /// </summary>
    long ChangeVersion();

    /// <summary>Runs the database's integrity check; returns "ok" when the file is sound, else the problems found.</summary>
    string IntegrityCheck();
}
