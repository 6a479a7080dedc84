using Npgsql;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Postgres;

/// <summary>
/// The shared catalog: one PostgreSQL database (its current schema), migrated on open (<see cref="PostgresMigrations"/>).
/// Each role is its own repository over the one write connection (<see cref="Tracks"/>, <see cref="Scans"/>,
/// <see cref="Analyses"/>, <see cref="Users"/>); this class is the aggregate that opens, checks and closes them.
/// Every batch is one transaction, so a killed process leaves each batch either fully committed or absent. Writes are
/// not thread-safe (one instance per writer); streaming reads use pooled connections of their own. Other processes'
/// commits reach <see cref="ChangeVersion"/> through LISTEN/NOTIFY.
/// </summary>
public sealed class PostgresCatalogStore : CatalogStoreBase
{
    private const string VectorLengthCheck = """
        SELECT a.track_id, a.model_id, a.feature_version FROM analyses a
        JOIN analysis_sets s ON s.model_id = a.model_id AND s.feature_version = a.feature_version
        JOIN (SELECT model_id, feature_version, jsonb_array_length(genre_labels::jsonb) AS n FROM analysis_sets) l
          ON l.model_id = a.model_id AND l.feature_version = a.feature_version
        WHERE length(a.embedding) <> 4 * s.embedding_dim OR length(a.summary) <> 4 * s.summary_dim OR length(a.genre_probs) <> 4 * l.n
        ORDER BY a.track_id LIMIT 20
        """;

    private readonly PostgresCatalog _catalog;
    private readonly PostgresTrackRepository _tracks;
    private readonly PostgresScanRepository _scans;
    private readonly PostgresAnalysisRepository _analyses;
    private readonly PostgresUserRepository _users;
    private readonly PostgresPlaylistRepository _playlists;
    private readonly PostgresLibraryMapRepository _maps;
    private readonly PostgresSharedKeyRing _keyRing;

    /// <summary>
    /// Opens the catalog at <paramref name="address"/> (<c>postgresql://user@host:port/db</c> or an Npgsql connection
    /// string); the database must exist. With <paramref name="create"/> an empty database becomes a catalog; without,
    /// it is refused.
    /// </summary>
    /// <exception cref="CatalogException">The server cannot be reached, the database does not exist or is not a Timbre catalog, or was written by a newer Timbre.</exception>
    public PostgresCatalogStore(string address, bool create = true)
        : this(PostgresConnectionString.Parse(address), create, PostgresMigrations.LatestVersion)
    {
    }

    /// <summary>Opens the catalog migrating only up to <paramref name="targetVersion"/> (tests of migrations).</summary>
    internal PostgresCatalogStore(NpgsqlConnectionStringBuilder settings, bool create, int targetVersion)
    {
        _catalog = new PostgresCatalog(settings, targetVersion, create);
        _tracks = new PostgresTrackRepository(_catalog);
        _scans = new PostgresScanRepository(_catalog);
        _analyses = new PostgresAnalysisRepository(_catalog, _scans);
        _users = new PostgresUserRepository(_catalog);
        _playlists = new PostgresPlaylistRepository(_catalog);
        _maps = new PostgresLibraryMapRepository(_catalog);
        _keyRing = new PostgresSharedKeyRing(_catalog);
    }

    /// <summary>The catalog as named in messages: <c>postgresql://user@host:port/database</c> (never a password).</summary>
    public string Description => _catalog.Description;

    /// <summary>Schema version of the database (<c>timbre_schema.version</c>).</summary>
    public int SchemaVersion => _catalog.SchemaVersion;

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => PostgresMigrations.LatestVersion;

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

    /// <summary>
    /// The key ring every web server on this catalog shares (table <c>data_protection_keys</c>); thread-safe, valid
    /// until the store is disposed.
    /// </summary>
    public ISharedKeyRing KeyRing => _keyRing;

    /// <inheritdoc />
    /// <remarks>The number of notifications from other connections' commits (LISTEN/NOTIFY, see <see cref="PostgresMigrations"/>).</remarks>
    public override long ChangeVersion() => _catalog.ChangeVersion();

    /// <inheritdoc />
    /// <remarks>The <c>catalog_sequence</c> row its statement triggers move (schema 5).</remarks>
    public override long ContentSequence()
    {
        using var cmd = _catalog.Command(PostgresSql.ContentSequence);
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
    /// PostgreSQL checks its pages and constraints itself; this checks what it cannot: every stored vector has the
    /// length its analysis set declares. Returns "ok", else the rows found (at most 20).
    /// </summary>
    public override string IntegrityCheck()
    {
        var lines = new List<string>();
        using var cmd = _catalog.Command(VectorLengthCheck);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            lines.Add($"analysis of track {r.GetInt64(0)} by {r.GetString(1)} v{r.GetInt32(2)}: a vector length differs from its set");
        }

        return lines.Count == 0 ? "ok" : string.Join('\n', lines);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _catalog.Dispose();
}
