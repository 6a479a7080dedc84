using System.Data.Common;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage;

/// <summary>
/// Row mapping both stores share: their SELECTs list the same columns in the same order and store values the same
/// way (times as .NET ticks UTC or Unix milliseconds, enums as small integers), so one reader serves both.
/// </summary>
internal static class CatalogRows
{
    /// <summary>A <c>tracks</c> row in the order of the stores' <c>TrackColumns</c>.</summary>
    public static TrackRecord ReadTrack(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Path = r.GetString(1),
        SizeBytes = r.GetInt64(2),
        ModifiedUtc = new DateTime(r.GetInt64(3), DateTimeKind.Utc),
        ContentHash = r.IsDBNull(4) ? null : r.GetString(4),
        Title = r.IsDBNull(5) ? null : r.GetString(5),
        Artist = r.IsDBNull(6) ? null : r.GetString(6),
        Album = r.IsDBNull(7) ? null : r.GetString(7),
        GenreTag = r.IsDBNull(8) ? null : r.GetString(8),
        Year = r.IsDBNull(9) ? null : r.GetInt32(9),
        DurationSeconds = r.GetDouble(10),
        Status = (TrackStatus)r.GetInt32(11),
        OwnerUserId = r.IsDBNull(12) ? null : r.GetInt64(12),
    };

    /// <summary>A <c>users</c> row: id, name, password hash, created (Unix ms).</summary>
    public static UserRecord ReadUser(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), FromUnixMs(r.GetInt64(3)));

    /// <summary>An <c>interactions</c> row: id, user, track, kind, value, at (Unix ms).</summary>
    public static InteractionRecord ReadInteraction(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), (InteractionKind)r.GetInt32(3), r.GetDouble(4), FromUnixMs(r.GetInt64(5)));

    /// <summary>A <c>sessions</c> row: id, user, created, last seen (Unix ms).</summary>
    public static SessionRecord ReadSession(DbDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), FromUnixMs(r.GetInt64(2)), FromUnixMs(r.GetInt64(3)));

    /// <summary>An <c>api_keys</c> row: id, user, name, prefix, created, last used (Unix ms, or null).</summary>
    public static ApiKeyRecord ReadKey(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), FromUnixMs(r.GetInt64(4)), r.IsDBNull(5) ? null : FromUnixMs(r.GetInt64(5)));

    /// <summary>A <c>scan_in_progress</c> row: path, size, mtime ticks, scan, worker, pid, started (Unix ms).</summary>
    public static AnalysisInProgressRecord ReadInProgress(DbDataReader r) => new()
    {
        Path = r.GetString(0),
        SizeBytes = r.GetInt64(1),
        ModifiedUtc = new DateTime(r.GetInt64(2), DateTimeKind.Utc),
        ScanId = r.GetInt64(3),
        Worker = r.GetInt32(4),
        ProcessId = r.GetInt32(5),
        StartedUtc = FromUnixMs(r.GetInt64(6)),
    };
}
