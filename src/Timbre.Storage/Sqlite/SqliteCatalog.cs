using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// One open SQLite catalog file shared by the per-role repositories: the write connection (WAL, synchronous NORMAL,
/// foreign keys on, busy timeout), the schema migrated on open (<see cref="SqliteMigrations"/>), commands on that
/// connection and separate connections for streaming reads. Not thread-safe.
/// </summary>
internal sealed class SqliteCatalog : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _connectionString;
    private bool _disposed;

    /// <summary>Opens (creating and migrating up to <paramref name="targetVersion"/>) the catalog file at <paramref name="path"/>.</summary>
    public SqliteCatalog(string path, SqliteCatalogOptions options, int targetVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options.Validate();
        Options = options;
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
            _connection.CreateFunction<byte[]?, string?, string?>(SqliteMigrations.TopGenreFunction, SqliteMigrations.TopGenreOf, isDeterministic: true);
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

    /// <summary>The settings the catalog was opened with.</summary>
    public SqliteCatalogOptions Options { get; }

    /// <summary>Full path of the catalog file.</summary>
    public string Path { get; }

    /// <summary>Schema version of the open file (PRAGMA user_version).</summary>
    public int SchemaVersion { get; }

    /// <summary>Starts a transaction on the write connection (<paramref name="deferred"/>: takes no lock until it writes).</summary>
    public SqliteTransaction BeginTransaction(bool deferred = false)
    {
        ThrowIfDisposed();
        return _connection.BeginTransaction(deferred);
    }

    /// <summary>A command on the write connection, enlisted in <paramref name="tx"/> when given.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        ThrowIfDisposed();
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    /// <summary>The write connection, for reads that must see the writer's own uncommitted transaction.</summary>
    public SqliteConnection WriteConnection
    {
        get
        {
            ThrowIfDisposed();
            return _connection;
        }
    }

    /// <summary>A new connection for one streaming read (foreign keys on); the caller disposes it.</summary>
    public SqliteConnection OpenReadConnection()
    {
        ThrowIfDisposed();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys = ON");
        return connection;
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> (naming the public store) once the catalog is closed.</summary>
    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteCatalogStore));

    /// <summary>Closes the write connection.</summary>
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
}
