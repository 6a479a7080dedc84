using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// The embedded catalog: one SQLite file in WAL mode (synchronous NORMAL, foreign keys on, busy timeout), schema
/// migrated on open (<see cref="SqliteMigrations"/>). Each role is its own repository over the one shared connection
/// (<see cref="Tracks"/>, <see cref="Scans"/>, <see cref="Analyses"/>, <see cref="Users"/>); this class is the
/// aggregate that opens, checks and closes them. Writes go through one connection owned by this instance and are not
/// thread-safe; streaming reads open their own connection. Every batch is one transaction, so a killed process leaves
/// each batch either fully committed or absent.
/// </summary>
public sealed class SqliteCatalogStore : CatalogStoreBase
{
    private readonly SqliteCatalog _catalog;
    private readonly SqliteTrackRepository _tracks;
    private readonly SqliteScanRepository _scans;
    private readonly SqliteAnalysisRepository _analyses;
    private readonly SqliteUserRepository _users;
    private readonly SqlitePlaylistRepository _playlists;
    private readonly SqliteLibraryMapRepository _maps;

    /// <summary>Opens (creating and migrating when needed) the catalog file at <paramref name="path"/>.</summary>
    /// <exception cref="CatalogException">The file is not a Timbre catalog, was written by a newer Timbre, or cannot be opened.</exception>
    public SqliteCatalogStore(string path, SqliteCatalogOptions? options = null)
        : this(path, options ?? new SqliteCatalogOptions(), SqliteMigrations.LatestVersion)
    {
    }

    /// <summary>Opens the catalog migrating only up to <paramref name="targetVersion"/> (tests of migrations).</summary>
    internal SqliteCatalogStore(string path, SqliteCatalogOptions options, int targetVersion)
    {
        _catalog = new SqliteCatalog(path, options, targetVersion);
        _tracks = new SqliteTrackRepository(_catalog);
        _scans = new SqliteScanRepository(_catalog);
        _analyses = new SqliteAnalysisRepository(_catalog, _scans);
        _users = new SqliteUserRepository(_catalog);
        _playlists = new SqlitePlaylistRepository(_catalog);
        _maps = new SqliteLibraryMapRepository(_catalog);
    }

    /// <summary>Full path of the catalog file.</summary>
    public string Path => _catalog.Path;

    /// <summary>Schema version of the open file (PRAGMA user_version).</summary>
    public int SchemaVersion => _catalog.SchemaVersion;

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => SqliteMigrations.LatestVersion;

    /// <inheritdoc />
    public override ITrackRepository Tracks => _tracks;

    /// <inheritdoc />
    public override IScanRepository Scans => _scans;

    /// <inheritdoc />
    public override IAnalysisRepository Analyses => _analyses;

    /// <inheritdoc />
    public override IUserRepository Users => _users;

    /// <inheritdoc />
    public override IApiKeyRepository ApiKeys => _users;

    /// <inheritdoc />
    public override IPlaylistRepository Playlists => _playlists;

    /// <inheritdoc />
    public override ILibraryMapRepository Maps => _maps;

    /// <inheritdoc />
    /// <remarks>SQLite's <c>PRAGMA data_version</c> of the write connection: it moves on every commit by another connection.</remarks>
    public override long ChangeVersion()
    {
        using var cmd = _catalog.Command("PRAGMA data_version");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    /// <remarks>The <c>catalog_sequence</c> row its triggers move (schema 14).</remarks>
    public override long ContentSequence()
    {
        using var cmd = _catalog.Command(SqliteSql.ContentSequence);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public override CatalogStats GetStats()
    {
        using var cmd = _catalog.Command(CatalogSql.Stats);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new CatalogStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>
    /// Runs PRAGMA integrity_check and, when that is clean, PRAGMA foreign_key_check. Returns "ok" when both are
    /// clean, else the lines reported.
    /// </summary>
    public override string IntegrityCheck()
    {
        var lines = new List<string>();
        using (var cmd = _catalog.Command("PRAGMA integrity_check"))
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
            using var cmd = _catalog.Command("PRAGMA foreign_key_check");
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
    protected override void Dispose(bool disposing) => _catalog.Dispose();
}
