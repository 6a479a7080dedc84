using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// Every SQL statement the SQLite store runs (except the schema, in <see cref="SqliteMigrations"/>), so another
/// engine's store can be written by translating one file. All values are bound parameters; the only text composed
/// at run time is picked from the fixed fragments below.
/// </summary>
internal static class SqliteSql
{
    public const string TrackColumns =
        "id, path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year, duration_s, status, owner_user_id";

    /// <summary>The scan a write without an explicit scan id counts as seen by (uploads, tools): the latest one.</summary>
    public const string CurrentScan = "(SELECT IFNULL(MAX(id), 0) FROM scans)";

    public const string SelectTrackByPath = $"SELECT {TrackColumns} FROM tracks WHERE path = @path";

    public const string SelectTrackById = $"SELECT {TrackColumns} FROM tracks WHERE id = @id";

    public const string SelectTrackState = "SELECT id, size_bytes, mtime_ticks, content_hash FROM tracks WHERE path = @path";

    public const string UpsertTrack = $"""
        INSERT INTO tracks (path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year,
                            duration_s, status, last_seen_scan, owner_user_id)
        VALUES (@path, @size, @mtime, @hash, @title, @artist, @album, @genre, @year, @duration, 0, IFNULL(@scan, {CurrentScan}), @owner)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, content_hash = excluded.content_hash,
            title = excluded.title, artist = excluded.artist, album = excluded.album, genre_tag = excluded.genre_tag,
            year = excluded.year, duration_s = excluded.duration_s, status = 0, last_seen_scan = excluded.last_seen_scan,
            owner_user_id = IFNULL(excluded.owner_user_id, owner_user_id)
        RETURNING id, owner_user_id
        """;

    public const string DeleteTrackAnalyses = "DELETE FROM analyses WHERE track_id = @id";

    public const string NeedsAnalysis = """
        SELECT t.size_bytes, t.mtime_ticks, t.content_hash,
               EXISTS (SELECT 1 FROM analyses a
                       WHERE a.track_id = t.id AND a.model_id = @model AND a.feature_version = @version)
        FROM tracks t WHERE t.path = @path
        """;

    public const string InsertScan = "INSERT INTO scans (root, started_at) VALUES (@root, @now) RETURNING id";

    public const string FinishScan = "UPDATE scans SET finished_at = @now WHERE id = @id";

    public const string MarkSeen = "UPDATE tracks SET last_seen_scan = @scan, status = 0 WHERE path = @path";

    public const string MarkMissingNotSeen = """
        UPDATE tracks SET status = 1
        WHERE status = 0 AND last_seen_scan < @scan AND substr(path, 1, length(@root)) = @root
        """;

    public const string PruneMissing = "DELETE FROM tracks WHERE status = 1";

    public const string DeleteTrack = "DELETE FROM tracks WHERE id = @id";

    public const string OwnedTracksUsage =
        "SELECT COUNT(*), IFNULL(SUM(size_bytes), 0) FROM tracks WHERE owner_user_id = @user";

    public const string ScanFailureColumns =
        "path, size_bytes, mtime_ticks, reason, model_id, feature_version, first_failed_at, last_failed_at, attempts";

    public const string UpsertScanFailure = $"""
        INSERT INTO scan_failures (path, size_bytes, mtime_ticks, reason, model_id, feature_version, first_failed_at,
                                   last_failed_at, attempts)
        VALUES (@path, @size, @mtime, @reason, @model, @version, @now, @now, 1)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, reason = excluded.reason,
            model_id = excluded.model_id, feature_version = excluded.feature_version,
            last_failed_at = excluded.last_failed_at, attempts = attempts + 1
        RETURNING {ScanFailureColumns}
        """;

    public const string IsKnownScanFailure = """
        SELECT EXISTS (SELECT 1 FROM scan_failures
                       WHERE path = @path AND size_bytes = @size AND mtime_ticks = @mtime
                         AND (model_id IS NULL OR (model_id = @model AND feature_version = @version)))
        """;

    public const string DeleteScanFailure = "DELETE FROM scan_failures WHERE path = @path";

    public const string InProgressColumns = "path, size_bytes, mtime_ticks, scan_id, worker, pid, started_at";

    public const string DeleteWorkerInProgress = "DELETE FROM scan_in_progress WHERE scan_id = @scan AND worker = @worker";

    public const string InsertInProgress = $"""
        INSERT OR REPLACE INTO scan_in_progress ({InProgressColumns})
        VALUES (@path, @size, @mtime, @scan, @worker, @pid, @now)
        """;

    public const string ListInProgress = $"SELECT {InProgressColumns} FROM scan_in_progress ORDER BY path";

    public const string SelectInProgress = $"SELECT {InProgressColumns} FROM scan_in_progress WHERE path = @path";

    public const string DeleteInProgress = "DELETE FROM scan_in_progress WHERE path = @path";

    public const string DeleteScanInProgress = "DELETE FROM scan_in_progress WHERE scan_id = @scan";

    public const string ListScanFailures = $"SELECT {ScanFailureColumns} FROM scan_failures ORDER BY path";

    public const string SelectAnalysisSet =
        "SELECT embedding_dim, summary_dim, genre_labels FROM analysis_sets WHERE model_id = @model AND feature_version = @version";

    public const string InsertAnalysisSet = """
        INSERT INTO analysis_sets (model_id, feature_version, embedding_dim, summary_dim, genre_labels)
        VALUES (@model, @version, @edim, @sdim, @labels)
        """;

    public const string UpsertAnalysis = """
        INSERT INTO analyses (track_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at)
        VALUES (@track, @model, @version, @embedding, @probs, @summary, @at)
        ON CONFLICT (track_id, model_id, feature_version) DO UPDATE SET
            embedding = excluded.embedding, genre_probs = excluded.genre_probs, summary = excluded.summary,
            analysed_at = excluded.analysed_at
        """;

    public const string AnalysisColumns = "a.track_id, a.embedding, a.genre_probs, a.summary, a.analysed_at";

    public const string SelectAnalysis = $"""
        SELECT {AnalysisColumns} FROM analyses a
        WHERE a.track_id = @track AND a.model_id = @model AND a.feature_version = @version
        """;

    public const string StreamAnalyses = $"""
        SELECT {AnalysisColumns} FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE a.model_id = @model AND a.feature_version = @version AND t.status = 0
        ORDER BY a.track_id
        """;

    public const string CountAnalyses = """
        SELECT COUNT(*) FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE a.model_id = @model AND a.feature_version = @version AND t.status = 0
        """;

    public const string DeleteAnalysesExcept =
        "DELETE FROM analyses WHERE NOT (model_id = @model AND feature_version = @version)";

    public const string DeleteAnalysisSetsExcept =
        "DELETE FROM analysis_sets WHERE NOT (model_id = @model AND feature_version = @version)";

    public const string UserColumns = "id, name, password_hash, created_at";

    public const string InsertUser =
        $"INSERT INTO users (name, name_key, password_hash, created_at) VALUES (@name, @key, @hash, @now) RETURNING {UserColumns}";

    public const string SelectUserByName = $"SELECT {UserColumns} FROM users WHERE name_key = @key";

    public const string UpdatePasswordHash = "UPDATE users SET password_hash = @hash WHERE id = @id";

    public const string SessionColumns = "id, user_id, created_at, last_seen_at";

    public const string InsertSession =
        $"INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (@id, @user, @now, @now) RETURNING {SessionColumns}";

    public const string SelectSession = $"SELECT {SessionColumns} FROM sessions WHERE id = @id";

    public const string TouchSession = "UPDATE sessions SET last_seen_at = @at WHERE id = @id AND last_seen_at < @at";

    public const string DeleteSession = "DELETE FROM sessions WHERE id = @id";

    public const string DeleteUserSessions = "DELETE FROM sessions WHERE user_id = @user AND (@keep IS NULL OR id <> @keep)";

    public const string DeleteIdleSessions = "DELETE FROM sessions WHERE last_seen_at < @cutoff";

    public const string SelectUserById = $"SELECT {UserColumns} FROM users WHERE id = @id";

    public const string SelectUsers = $"SELECT {UserColumns} FROM users ORDER BY id";

    public const string InteractionColumns = "id, user_id, track_id, kind, value, at";

    public const string InsertInteraction =
        "INSERT INTO interactions (user_id, track_id, kind, value, at) VALUES (@user, @track, @kind, @value, @at) RETURNING id";

    public const string SelectUserInteractions =
        $"SELECT {InteractionColumns} FROM interactions WHERE user_id = @user ORDER BY at, id";

    public const string StreamInteractions =
        $"SELECT {InteractionColumns} FROM interactions ORDER BY user_id, at, id";

    public const string Stats = """
        SELECT (SELECT COUNT(*) FROM tracks WHERE status = 0), (SELECT COUNT(*) FROM tracks WHERE status = 1),
               (SELECT COUNT(*) FROM analyses), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM interactions)
        """;

    // ---- track list (library page): fixed fragments combined by ListTracksWhere / ListTracksOrder ----

    public const string FilterPresent = "status = 0";

    /// <summary>
    /// Tags and the file name only: <c>rtrim(path, &lt;path without separators&gt;)</c> strips the name's characters
    /// back to the last '/' or '\', so the substring after it is the name. Folders never match.
    /// </summary>
    public const string FilterSearch = $"""
        (title LIKE @search ESCAPE '\' OR artist LIKE @search ESCAPE '\' OR album LIKE @search ESCAPE '\'
         OR genre_tag LIKE @search ESCAPE '\'
         OR {FileNameOfPath} LIKE @search ESCAPE '\')
        """;

    /// <summary>
    /// <see cref="FilterSearch"/> for a text of 3 characters or more: the trigram index (<c>tracks_search</c>) gives
    /// the rows holding it in any searched column (case folded, a superset of LIKE's ASCII folding), and LIKE
    /// re-checks only those, instead of every track. @match is the text as one FTS5 phrase (<see cref="SearchPhrase"/>).
    /// </summary>
    public const string FilterSearchIndexed = $"(id IN (SELECT rowid FROM tracks_search WHERE tracks_search MATCH @match) AND {FilterSearch})";

    /// <summary>The file name of a path column or expression: the text after its last '/' or '\'.</summary>
    public static string FileNameOf(string path) =>
        $"substr({path}, length(rtrim({path}, replace(replace({path}, '/', ''), '\\', ''))) + 1)";

    private const string FileNameOfPath = "substr(path, length(rtrim(path, replace(replace(path, '/', ''), '\\', ''))) + 1)";

    /// <summary>
    /// The search text as an FTS5 phrase for the trigram index, or null when it is shorter than 3 characters (the
    /// index cannot answer those: the plain scan does).
    /// </summary>
    public static string? SearchPhrase(string text)
    {
        var runes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            runes++;
            if (rune.Value == 0)
            {
                return null; // FTS5 query strings end at NUL; the scan handles it
            }
        }

        return runes < 3 ? null : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public const string FilterGenre = "genre_tag = @genre COLLATE NOCASE";

    public const string FilterYearFrom = "year >= @yearFrom";

    public const string FilterYearTo = "year <= @yearTo";

    public const string FilterMinDuration = "duration_s >= @minDuration";

    public const string FilterMaxDuration = "duration_s <= @maxDuration";

    /// <summary>ORDER BY body for a sort column; untagged rows last in both directions, ties by id.</summary>
    public static string OrderBy(TrackSort sort, bool descending)
    {
        var dir = descending ? "DESC" : "ASC";
        return sort switch
        {
            TrackSort.Path => $"path {dir}, id {dir}",
            TrackSort.Title => $"title IS NULL, title COLLATE NOCASE {dir}, id {dir}",
            TrackSort.Artist => $"artist IS NULL, artist COLLATE NOCASE {dir}, id {dir}",
            TrackSort.Album => $"album IS NULL, album COLLATE NOCASE {dir}, id {dir}",
            TrackSort.Year => $"year IS NULL, year {dir}, id {dir}",
            TrackSort.Duration => $"duration_s {dir}, id {dir}",
            TrackSort.Added => $"id {dir}",
            _ => throw new CatalogException($"Unknown track sort {sort}."),
        };
    }

    public const string SelectEmbeddingSpace = "SELECT definition FROM embedding_space WHERE id = 1";

    public const string DeleteEmbeddingSpace = "DELETE FROM embedding_space";

    public const string UpsertEmbeddingSpace = """
        INSERT INTO embedding_space (id, definition, fitted_on, fitted_at) VALUES (1, @definition, @fittedOn, @fittedAt)
        ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, fitted_on = excluded.fitted_on, fitted_at = excluded.fitted_at
        """;

    public static string ListTracks(string where, string orderBy) =>
        $"SELECT {TrackColumns} FROM tracks WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset";

    public static string CountTracks(string where) => $"SELECT COUNT(*) FROM tracks WHERE {where}";

    public const string SelectAnalysisSetsOfPath = """
        SELECT a.model_id, a.feature_version FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE t.path = @path
        """;

    public const string SelectScanFailure = $"SELECT {ScanFailureColumns} FROM scan_failures WHERE path = @path";
}
