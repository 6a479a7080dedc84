using Timbre.Core.Catalog;

namespace Timbre.Storage.Postgres;

/// <summary>
/// Every SQL statement the PostgreSQL store runs (except the schema, <see cref="PostgresMigrations"/>): the
/// translation of <see cref="Sqlite.SqliteSql"/>. All values are bound parameters; the only text composed at run
/// time is picked from the fixed fragments below.
/// </summary>
internal static class PostgresSql
{
    /// <summary>The scan a write without an explicit scan id counts as seen by (uploads, tools): the latest one.</summary>
    public const string CurrentScan = "(SELECT COALESCE(MAX(id), 0) FROM scans)";

    /// <summary>The change rule of <see cref="StoredFile.IsChanged"/> between stored row <c>t</c> and new values <c>b</c>.</summary>
    public const string Changed = """
        (t.size_bytes <> b.size_bytes
         OR (CASE WHEN t.content_hash IS NOT NULL AND b.content_hash IS NOT NULL THEN t.content_hash <> b.content_hash
                  ELSE t.mtime_ticks <> b.mtime_ticks END))
        """;

    public const string UpsertTrack = $"""
        INSERT INTO tracks (path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year,
                            duration_s, status, last_seen_scan, owner_user_id)
        VALUES (@path, @size, @mtime, @hash, @title, @artist, @album, @genre, @year, @duration, 0, COALESCE(@scan, {CurrentScan}), @owner)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, content_hash = excluded.content_hash,
            title = excluded.title, artist = excluded.artist, album = excluded.album, genre_tag = excluded.genre_tag,
            year = excluded.year, duration_s = excluded.duration_s, status = 0, last_seen_scan = excluded.last_seen_scan,
            owner_user_id = COALESCE(excluded.owner_user_id, tracks.owner_user_id)
        RETURNING id, owner_user_id
        """;

    public const string MarkSeen = "UPDATE tracks SET last_seen_scan = @scan, status = 0 WHERE path = ANY(@paths)";

    public const string MarkMissingNotSeen = """
        UPDATE tracks SET status = 1
        WHERE status = 0 AND last_seen_scan < @scan AND left(path, length(@root)) = @root
        """;

    public const string OwnedTracksUsage =
        "SELECT COUNT(*), COALESCE(SUM(size_bytes), 0)::bigint FROM tracks WHERE owner_user_id = @user";

    public const string UpsertScanFailure = $"""
        INSERT INTO scan_failures (path, size_bytes, mtime_ticks, reason, model_id, feature_version, first_failed_at,
                                   last_failed_at, attempts)
        VALUES (@path, @size, @mtime, @reason, @model, @version, @now, @now, 1)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, reason = excluded.reason,
            model_id = excluded.model_id, feature_version = excluded.feature_version,
            last_failed_at = excluded.last_failed_at, attempts = scan_failures.attempts + 1
        RETURNING {CatalogSql.ScanFailureColumns}
        """;

    public const string DeleteScanFailures = "DELETE FROM scan_failures WHERE path = ANY(@paths)";

    public const string InsertInProgress = $"""
        INSERT INTO scan_in_progress ({CatalogSql.InProgressColumns})
        VALUES (@path, @size, @mtime, @scan, @worker, @pid, @now)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, scan_id = excluded.scan_id,
            worker = excluded.worker, pid = excluded.pid, started_at = excluded.started_at
        """;

    public const string DeleteInProgress = "DELETE FROM scan_in_progress WHERE path = ANY(@paths)";

    public const string ListAnalysisSets = """
        SELECT s.model_id, s.feature_version, s.embedding_dim, s.genre_labels,
               COUNT(t.id), MAX(CASE WHEN t.id IS NULL THEN NULL ELSE a.analysed_at END)
        FROM analysis_sets s
        LEFT JOIN analyses a ON a.model_id = s.model_id AND a.feature_version = s.feature_version
        LEFT JOIN tracks t ON t.id = a.track_id AND t.status = 0
        GROUP BY s.model_id, s.feature_version
        ORDER BY COUNT(t.id) DESC, MAX(CASE WHEN t.id IS NULL THEN NULL ELSE a.analysed_at END) DESC NULLS LAST, s.model_id, s.feature_version
        """;

    public const string DeleteUserSessions = "DELETE FROM sessions WHERE user_id = @user AND (@keep::text IS NULL OR id <> @keep::text)";

    public const string CopyInteractions = "COPY interactions (user_id, track_id, kind, value, at) FROM STDIN (FORMAT BINARY)";

    // ---- track list (library page): fixed fragments combined by ListTracks ----

    /// <summary>Tags and the file name only (the part of the path after the last '/' or '\'): folders never match.</summary>
    public const string FilterSearch = """
        (title ILIKE @search OR artist ILIKE @search OR album ILIKE @search OR genre_tag ILIKE @search
         OR regexp_replace(path, '^.*[/\\]', '') ILIKE @search)
        """;

    public const string FilterGenre = "lower(genre_tag) = lower(@genre)";

    /// <summary>ORDER BY body for a sort column; untagged rows last in both directions, ties by id (as in SQLite).</summary>
    public static string OrderBy(TrackSort sort, bool descending)
    {
        var dir = descending ? "DESC" : "ASC";
        return sort switch
        {
            TrackSort.Path => $"path {dir}, id {dir}",
            TrackSort.Title => $"(title IS NULL), lower(title) {dir}, id {dir}",
            TrackSort.Artist => $"(artist IS NULL), lower(artist) {dir}, id {dir}",
            TrackSort.Album => $"(album IS NULL), lower(album) {dir}, id {dir}",
            TrackSort.Year => $"(year IS NULL), year {dir}, id {dir}",
            TrackSort.Duration => $"duration_s {dir}, id {dir}",
            TrackSort.Added => $"id {dir}",
            _ => throw new CatalogException($"Unknown track sort {sort}."),
        };
    }

    public static string ListTracks(string where, string orderBy) =>
        $"SELECT {CatalogSql.TrackColumns} FROM tracks WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset";

    public static string CountTracks(string where) => $"SELECT COUNT(*) FROM tracks WHERE {where}";

    /// <summary>The content sequence (<see cref="PostgresCatalogStore.ContentSequence"/>).</summary>
    public const string ContentSequence = "SELECT value FROM catalog_sequence WHERE id = 1";
}
