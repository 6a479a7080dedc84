using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// The embedded catalog: one SQLite file in WAL mode (synchronous NORMAL, foreign keys on, busy timeout), schema
/// migrated on open (<see cref="SqliteMigrations"/>). Writes go through one connection owned by this instance and
/// are not thread-safe; streaming reads open their own connection. Every batch is one transaction, so a killed
/// process leaves each batch either fully committed or absent.
/// </summary>
public sealed partial class SqliteCatalogStore : ICatalogStore
{
    private readonly SqliteConnection _connection;
    private readonly string _connectionString;
    private readonly Dictionary<(string Model, int Version), AnalysisSet> _sets = new();
    private bool _disposed;

    /// <summary>Opens (creating and migrating when needed) the catalog file at <paramref name="path"/>.</summary>
    /// <exception cref="CatalogException">The file is not a Timbre catalog, was written by a newer Timbre, or cannot be opened.</exception>
    public SqliteCatalogStore(string path, SqliteCatalogOptions? options = null)
        : this(path, options ?? new SqliteCatalogOptions(), SqliteMigrations.LatestVersion)
    {
    }

    /// <summary>Opens the catalog migrating only up to <paramref name="targetVersion"/> (tests of migrations).</summary>
    internal SqliteCatalogStore(string path, SqliteCatalogOptions options, int targetVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options.Validate();
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
        }.ToString();
        _connection = new SqliteConnection(_connectionString);
        try
        {
            _connection.Open();
            Configure(_connection, options);
            _connection.CreateFunction<string, string>(SqliteMigrations.NameKeyFunction, UserNames.Key, isDeterministic: true);
            SchemaVersion = Migrate(targetVersion);
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new CatalogException($"Cannot open catalog {Path}: {e.Message}", e);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the catalog file.</summary>
    public string Path { get; }

    /// <summary>Schema version of the open file (PRAGMA user_version).</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => SqliteMigrations.LatestVersion;

    /// <inheritdoc />
    /// <remarks>SQLite's <c>PRAGMA data_version</c> of the write connection: it moves on every commit by another connection.</remarks>
    public long ChangeVersion()
    {
        using var cmd = Command("PRAGMA data_version");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public CatalogStats GetStats()
    {
        using var cmd = Command(SqliteSql.Stats);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new CatalogStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>
    /// Runs PRAGMA integrity_check and, when that is clean, PRAGMA foreign_key_check. Returns "ok" when both are
    /// clean, else the lines reported.
    /// </summary>
    public string IntegrityCheck()
    {
        var lines = new List<string>();
        using (var cmd = Command("PRAGMA integrity_check"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                lines.Add(r.GetString(0));
            }
        }

        if (lines is ["ok"])
        {
            lines.Clear();
            using var cmd = Command("PRAGMA foreign_key_check");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                lines.Add($"foreign key violation: {r.GetString(0)} rowid {r.GetValue(1)} -> {r.GetString(2)}");
            }

            return lines.Count == 0 ? "ok" : string.Join('\n', lines);
        }

        return string.Join('\n', lines);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection.Dispose();
    }

    private static void Configure(SqliteConnection connection, SqliteCatalogOptions options)
    {
        Execute(connection, $"PRAGMA busy_timeout = {options.BusyTimeoutMilliseconds}");
        Execute(connection, "PRAGMA foreign_keys = ON");
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode = WAL";
            var mode = Convert.ToString(cmd.ExecuteScalar());
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new CatalogException($"The catalog file system does not support WAL journaling (got '{mode}').");
            }
        }

        Execute(connection, $"PRAGMA synchronous = {options.Synchronous}");
    }

    private int Migrate(int targetVersion)
    {
        var version = ReadPragmaInt("user_version");
        var appId = ReadPragmaInt("application_id");
        if (version > SqliteMigrations.LatestVersion)
        {
            throw new CatalogException(
                $"Catalog {Path} has schema version {version}, newer than this Timbre supports ({SqliteMigrations.LatestVersion}); upgrade Timbre or use another catalog file.");
        }

        if (appId != SqliteMigrations.ApplicationId && (version > 0 || CountTables() > 0))
        {
            throw new CatalogException($"{Path} is an SQLite database but not a Timbre catalog.");
        }

        for (var step = version + 1; step <= targetVersion; step++)
        {
            using var tx = _connection.BeginTransaction();
            // Another process may have migrated between our read and the write lock.
            if (ReadPragmaInt("user_version", tx) >= step)
            {
                continue;
            }

            foreach (var sql in SqliteMigrations.Steps[step - 1])
            {
                using var cmd = Command(sql, tx);
                cmd.ExecuteNonQuery();
            }

            using (var cmd = Command($"PRAGMA user_version = {step}", tx))
            {
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }

        return ReadPragmaInt("user_version");
    }

    private int ReadPragmaInt(string pragma, SqliteTransaction? tx = null)
    {
        using var cmd = Command($"PRAGMA {pragma}", tx);
        return Convert.ToInt32(cmd.ExecuteScalar());
    }

    private long CountTables()
    {
        using var cmd = Command("SELECT COUNT(*) FROM sqlite_master");
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private SqliteConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys = ON");
        return connection;
    }

    private static long ToUnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>mtime as stored: UTC ticks (an Unspecified kind is taken as UTC).</summary>
    internal static long ToUtcTicks(DateTime t) => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks;

    private static object Db(object? value) => value ?? DBNull.Value;

    /// <summary>Lengths and labels shared by every analysis of one model and feature version.</summary>
    private sealed record AnalysisSet(int EmbeddingDim, int SummaryDim, string LabelsJson, IReadOnlyList<string> Labels);
}
