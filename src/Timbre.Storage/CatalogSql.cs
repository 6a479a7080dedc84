namespace Timbre.Storage;

/// <summary>
/// The SQL both catalog backends run unchanged (named <c>@parameters</c>, standard syntax); what differs by engine
/// stays in <see cref="Sqlite.SqliteSql"/> and <see cref="Postgres.PostgresSql"/>. All values are bound parameters.
/// </summary>
internal static class CatalogSql
{
    public const string TrackColumns =
        "id, path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year, duration_s, status, owner_user_id";

    public const string SelectTrackByPath = $"SELECT {TrackColumns} FROM tracks WHERE path = @path";

    public const string SelectTrackById = $"SELECT {TrackColumns} FROM tracks WHERE id = @id";

    public const string SelectTrackState = "SELECT id, size_bytes, mtime_ticks, content_hash FROM tracks WHERE path = @path";

    public const string DeleteTrackAnalyses = "DELETE FROM analyses WHERE track_id = @id";

    public const string NeedsAnalysis = """
        SELECT t.size_bytes, t.mtime_ticks, t.content_hash,
               EXISTS (SELECT 1 FROM analyses a
                       WHERE a.track_id = t.id AND a.model_id = @model AND a.feature_version = @version)
        FROM tracks t WHERE t.path = @path
        """;

    public const string InsertScan = "INSERT INTO scans (root, started_at) VALUES (@root, @now) RETURNING id";

    public const string FinishScan = "UPDATE scans SET finished_at = @now WHERE id = @id";

    public const string PruneMissing = "DELETE FROM tracks WHERE status = 1";

    public const string DeleteTrack = "DELETE FROM tracks WHERE id = @id";

    public const string ScanFailureColumns =
        "path, size_bytes, mtime_ticks, reason, model_id, feature_version, first_failed_at, last_failed_at, attempts";

    public const string IsKnownScanFailure = """
        SELECT EXISTS (SELECT 1 FROM scan_failures
                       WHERE path = @path AND size_bytes = @size AND mtime_ticks = @mtime
                         AND (model_id IS NULL OR (model_id = @model AND feature_version = @version)))
        """;

    public const string InProgressColumns = "path, size_bytes, mtime_ticks, scan_id, worker, pid, started_at";

    public const string DeleteWorkerInProgress = "DELETE FROM scan_in_progress WHERE scan_id = @scan AND worker = @worker";

    public const string ListInProgress = $"SELECT {InProgressColumns} FROM scan_in_progress ORDER BY path";

    public const string SelectInProgress = $"SELECT {InProgressColumns} FROM scan_in_progress WHERE path = @path";

    public const string DeleteScanInProgress = "DELETE FROM scan_in_progress WHERE scan_id = @scan";

    public const string ListScanFailures = $"SELECT {ScanFailureColumns} FROM scan_failures ORDER BY path";

    public const string SelectAnalysisSet =
        "SELECT embedding_dim, summary_dim, genre_labels FROM analysis_sets WHERE model_id = @model AND feature_version = @version";

    public const string InsertAnalysisSet = """
        INSERT INTO analysis_sets (model_id, feature_version, embedding_dim, summary_dim, genre_labels)
        VALUES (@model, @version, @edim, @sdim, @labels)
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

    public const string FilterPresent = "status = 0";

    public const string FilterYearFrom = "year >= @yearFrom";

    public const string FilterYearTo = "year <= @yearTo";

    public const string FilterMinDuration = "duration_s >= @minDuration";

    public const string FilterMaxDuration = "duration_s <= @maxDuration";

    public const string SelectEmbeddingSpace = "SELECT definition FROM embedding_space WHERE id = 1";

    public const string DeleteEmbeddingSpace = "DELETE FROM embedding_space";

    public const string UpsertEmbeddingSpace = """
        INSERT INTO embedding_space (id, definition, fitted_on, fitted_at) VALUES (1, @definition, @fittedOn, @fittedAt)
        ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, fitted_on = excluded.fitted_on, fitted_at = excluded.fitted_at
        """;

    public const string SelectAnalysisSetsOfPath = """
        SELECT a.model_id, a.feature_version FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE t.path = @path
        """;

    public const string SelectScanFailure = $"SELECT {ScanFailureColumns} FROM scan_failures WHERE path = @path";
}
