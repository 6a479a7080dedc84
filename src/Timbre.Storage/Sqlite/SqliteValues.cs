namespace Timbre.Storage.Sqlite;

/// <summary>How values are stored in the catalog's columns, shared by every repository.</summary>
internal static class SqliteValues
{
    /// <summary>SQLITE_CONSTRAINT: a unique or foreign key was violated.</summary>
    public const int ConstraintError = 19;

    /// <summary>Times other than mtimes: Unix milliseconds.</summary>
    public static long ToUnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>Reads a time stored by <see cref="ToUnixMs"/>.</summary>
    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>mtime as stored: UTC ticks (an Unspecified kind is taken as UTC).</summary>
    public static long ToUtcTicks(DateTime t) => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks;

    /// <summary>A parameter value: null becomes SQL NULL.</summary>
    public static object Db(object? value) => value ?? DBNull.Value;
}
