using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// Every SQL statement the SQLite store runs (except the schema, in <see cref="SqliteMigrations"/>), so another
/// engine's store can be written by translating one file. All values are bound parameters; the only text composed
/// at run time is picked from the fixed fragments below.
/// </summary>
internal static class SqliteSql
{
    /// <summary>The scan a write without an explicit scan id counts as seen by (uploads, tools): the latest one.</summary>
    public const string CurrentScan = "(SELECT IFNULL(MAX(id), 0) FROM scans)";

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

    public const string MarkSeen = "UPDATE tracks SET last_seen_scan = @scan, status = 0 WHERE path = @path";

    public const string MarkMissingNotSeen = """
        UPDATE tracks SET status = 1
        WHERE status = 0 AND last_seen_scan < @scan AND substr(path, 1, length(@root)) = @root
        """;

    public const string OwnedTracksUsage =
        "SELECT COUNT(*), IFNULL(SUM(size_bytes), 0) FROM tracks WHERE owner_user_id = @user";

    public const string UpsertScanFailure = $"""
        INSERT INTO scan_failures (path, size_bytes, mtime_ticks, reason, model_id, feature_version, first_failed_at,
                                   last_failed_at, attempts)
        VALUES (@path, @size, @mtime, @reason, @model, @version, @now, @now, 1)
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, reason = excluded.reason,
            model_id = excluded.model_id, feature_version = excluded.feature_version,
            last_failed_at = excluded.last_failed_at, attempts = attempts + 1
        RETURNING {CatalogSql.ScanFailureColumns}
        """;

    public const string DeleteScanFailure = "DELETE FROM scan_failures WHERE path = @path";

    public const string InsertInProgress = $"""
        INSERT OR REPLACE INTO scan_in_progress ({CatalogSql.InProgressColumns})
        VALUES (@path, @size, @mtime, @scan, @worker, @pid, @now)
        """;

    public const string DeleteInProgress = "DELETE FROM scan_in_progress WHERE path = @path";

    public const string UpsertAnalysis = """
        INSERT INTO analyses (track_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at, top_genre)
        VALUES (@track, @model, @version, @embedding, @probs, @summary, @at, @topGenre)
        ON CONFLICT (track_id, model_id, feature_version) DO UPDATE SET
            embedding = excluded.embedding, genre_probs = excluded.genre_probs, summary = excluded.summary,
            analysed_at = excluded.analysed_at, top_genre = excluded.top_genre
        """;

    public const string DeleteUserSessions = "DELETE FROM sessions WHERE user_id = @user AND (@keep IS NULL OR id <> @keep)";

    // ---- track list (library page): fixed fragments combined by ListTracksWhere / ListTracksOrder ----

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

    /// <summary>How many tracks the trigram index finds for @match, counted up to @cap (a search text's commonness).</summary>
    public const string SearchIndexMatches =
        "SELECT COUNT(*) FROM (SELECT 1 FROM tracks_search WHERE tracks_search MATCH @match LIMIT @cap)";

    /// <summary>
    /// The rows a filter matches, counted up to @cap and driven by the trigram index's rows for @match in rowid order
    /// (each looked up and re-checked by <paramref name="where"/>), so the cost follows the cap, not the matches.
    /// </summary>
    public static string CountTracksCapped(string where) => $"""
        SELECT COUNT(*) FROM (
            SELECT 1 FROM (SELECT rowid AS search_id FROM tracks_search WHERE tracks_search MATCH @match) AS found
            CROSS JOIN tracks ON tracks.id = found.search_id
            WHERE {where} LIMIT @cap)
        """;

    public const string FilterGenre = "genre_tag = @genre COLLATE NOCASE";

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

    public static string ListTracks(string where, string orderBy) =>
        $"SELECT {CatalogSql.TrackColumns} FROM tracks WHERE {where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset";

    public static string CountTracks(string where) => $"SELECT COUNT(*) FROM tracks WHERE {where}";

    /// <summary>The content sequence (<see cref="SqliteCatalogStore.ContentSequence"/>).</summary>
    public const string ContentSequence = "SELECT value FROM catalog_sequence WHERE id = 1";

}
