using System.Net.Sockets;
using Npgsql;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Postgres;

/// <summary>
/// One open PostgreSQL catalog shared by the per-role repositories: the data source, the write connection (held for
/// the life of the store, like the SQLite store's), the schema migrated on open (<see cref="PostgresMigrations"/>),
/// commands on that connection, pooled connections for streaming reads, and the change-feed listener. Not
/// thread-safe for writes.
/// </summary>
internal sealed class PostgresCatalog : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly Lock _listenLock = new();
    private NpgsqlConnection? _listener;
    private long _outsideChanges;
    private bool _disposed;

    /// <summary>
    /// Connects and migrates up to <paramref name="targetVersion"/>. With <paramref name="create"/> false, a database
    /// that is not yet a Timbre catalog is refused instead of being made one.
    /// </summary>
    public PostgresCatalog(NpgsqlConnectionStringBuilder settings, int targetVersion, bool create)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Enlist = false };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "timbre";
        }

        Description = PostgresConnectionString.Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            _connection = _dataSource.OpenConnection();
            SchemaVersion = Migrate(targetVersion, create);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _connection?.Dispose();
            _dataSource.Dispose();
            throw new CatalogException(Explain(e), e);
        }
        catch
        {
            _connection?.Dispose();
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The catalog as named in messages (<c>postgresql://user@host:port/db</c>, no password).</summary>
    public string Description { get; }

    /// <summary>Schema version of the database (<c>timbre_schema.version</c>).</summary>
    public int SchemaVersion { get; }

    /// <summary>Starts a transaction on the write connection.</summary>
    public NpgsqlTransaction BeginTransaction()
    {
        ThrowIfDisposed();
        return _connection.BeginTransaction();
    }

    /// <summary>A command on the write connection (inside its open transaction, if any).</summary>
    public NpgsqlCommand Command(string sql)
    {
        ThrowIfDisposed();
        return new NpgsqlCommand(sql, _connection);
    }

    /// <summary>The write connection (bulk COPY, commands built elsewhere).</summary>
    public NpgsqlConnection WriteConnection
    {
        get
        {
            ThrowIfDisposed();
            return _connection;
        }
    }

    /// <summary>A pooled connection for one streaming read; the caller disposes it.</summary>
    public NpgsqlConnection OpenReadConnection()
    {
        ThrowIfDisposed();
        return _dataSource.OpenConnection();
    }

    /// <summary>
    /// The change feed: how many transactions other connections committed to the catalog since this instance first
    /// asked. The first call opens a connection that LISTENs on <see cref="PostgresMigrations.ChangeChannel"/>; each call
    /// then makes one round trip on it (no table read), which delivers the notifications that arrived. Commits made
    /// through this instance's write connection are not counted. A lost listener connection counts as a change.
    /// </summary>
    public long ChangeVersion()
    {
        ThrowIfDisposed();
        lock (_listenLock)
        {
            try
            {
                if (_listener is null)
                {
                    var listener = _dataSource.OpenConnection();
                    var ownPid = _connection.ProcessID;
                    listener.Notification += (_, e) =>
                    {
                        if (e.PID != ownPid)
                        {
                            Interlocked.Increment(ref _outsideChanges);
                        }
                    };
                    using var listen = new NpgsqlCommand($"LISTEN {PostgresMigrations.ChangeChannel}", listener);
                    listen.ExecuteNonQuery();
                    _listener = listener;
                }
                else
                {
                    using var ping = new NpgsqlCommand("SELECT 1", _listener);
                    ping.ExecuteScalar();
                }
            }
            catch (NpgsqlException)
            {
                // Notifications may have been lost with the connection: report a change, listen again next time.
                _listener?.Dispose();
                _listener = null;
                Interlocked.Increment(ref _outsideChanges);
            }

            return Interlocked.Read(ref _outsideChanges);
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> (naming the public store) once the catalog is closed.</summary>
    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, typeof(PostgresCatalogStore));

    /// <summary>Closes the connections.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_listenLock)
        {
            _listener?.Dispose();
        }

        _connection.Dispose();
        _dataSource.Dispose();
    }

    private string Explain(Exception e) => e switch
    {
        PostgresException { SqlState: "3D000" } =>
            $"Cannot open catalog {Description}: the database does not exist; create it first (createdb, or CREATE DATABASE).",
        PostgresException { SqlState: "28P01" or "28000" } p => $"Cannot open catalog {Description}: the server refused the sign-in ({p.MessageText}).",
        PostgresException p => $"Cannot open catalog {Description}: {p.MessageText}",
        _ when e.InnerException is SocketException or TimeoutException || e is TimeoutException =>
            $"Cannot reach the PostgreSQL server of catalog {Description}: {(e.InnerException ?? e).Message}",
        _ => $"Cannot open catalog {Description}: {e.Message}",
    };

    private int Migrate(int targetVersion, bool create)
    {
        var version = ReadVersion(out var application);
        if (version is null)
        {
            if (CountTables() > 0)
            {
                throw new CatalogException($"{Description} is a PostgreSQL database but not a Timbre catalog (it has tables but no timbre_schema).");
            }

            if (!create)
            {
                throw new CatalogException($"{Description} is an empty database, not yet a Timbre catalog; run 'timbre scan LIBRARY --catalog {Description}' first.");
            }
        }
        else if (application != PostgresMigrations.Application)
        {
            throw new CatalogException($"{Description} is a PostgreSQL database but not a Timbre catalog (timbre_schema says '{application}').");
        }
        else if (version > PostgresMigrations.LatestVersion)
        {
            throw new CatalogException(
                $"Catalog {Description} has schema version {version}, newer than this Timbre supports ({PostgresMigrations.LatestVersion}); upgrade Timbre.");
        }

        for (var step = (version ?? 0) + 1; step <= targetVersion; step++)
        {
            using var tx = _connection.BeginTransaction();
            Execute($"SELECT pg_advisory_xact_lock({PostgresMigrations.MigrationLock})");
            Execute(PostgresMigrations.CreateVersionTable);
            // Another process may have migrated while we waited for the lock.
            if (ReadVersion(out _) >= step)
            {
                continue;
            }

            foreach (var sql in PostgresMigrations.Steps[step - 1])
            {
                // No time limit: a step may rewrite every row (the predicted-genre backfill is minutes at 1 M analyses).
                using var cmd = Command(sql);
                cmd.CommandTimeout = 0;
                cmd.ExecuteNonQuery();
            }

            Execute($"UPDATE timbre_schema SET version = {step}");
            tx.Commit();
        }

        return ReadVersion(out _) ?? 0;
    }

    private int? ReadVersion(out string? application)
    {
        application = null;
        using var exists = Command("SELECT to_regclass('timbre_schema') IS NOT NULL");
        if (!(bool)exists.ExecuteScalar()!)
        {
            return null;
        }

        using var cmd = Command("SELECT application, version FROM timbre_schema WHERE id = 1");
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        application = r.GetString(0);
        return r.GetInt32(1);
    }

    private long CountTables()
    {
        using var cmd = Command("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
        return (long)cmd.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }
}
