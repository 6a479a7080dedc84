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
public sealed class PostgresCatalogStore : ICatalogStore
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
        _keyRing = new PostgresSharedKeyRing(_catalog);
    }

    /// <summary>The catalog as named in messages: <c>postgresql://user@host:port/database</c> (never a password).</summary>
    public string Description => _catalog.Description;

    /// <summary>Schema version of the database (<c>timbre_schema.version</c>).</summary>
    public int SchemaVersion => _catalog.SchemaVersion;

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => PostgresMigrations.LatestVersion;

    /// <summary>The tracks of this catalog.</summary>
    public ITrackRepository Tracks => _tracks;

    /// <summary>Scans, the change check and scan failures of this catalog.</summary>
    public IScanRepository Scans => _scans;

    /// <summary>Analyses, analysis sets, in-progress marks and the embedding space of this catalog.</summary>
    public IAnalysisRepository Analyses => _analyses;

    /// <summary>Users, sessions and interactions of this catalog.</summary>
    public IUserRepository Users => _users;

    /// <summary>API keys of this catalog's users.</summary>
    public IApiKeyRepository ApiKeys => _users;

    /// <summary>Saved playlists of this catalog's users.</summary>
    public IPlaylistRepository Playlists => _playlists;

    /// <summary>
    /// The key ring every web server on this catalog shares (table <c>data_protection_keys</c>); thread-safe, valid
    /// until the store is disposed.
    /// </summary>
    public ISharedKeyRing KeyRing => _keyRing;

    /// <inheritdoc />
    /// <remarks>The number of notifications from other connections' commits (LISTEN/NOTIFY, see <see cref="PostgresMigrations"/>).</remarks>
    public long ChangeVersion() => _catalog.ChangeVersion();

    /// <inheritdoc />
    /// <remarks>The <c>catalog_sequence</c> row its statement triggers move (schema 5).</remarks>
    public long ContentSequence()
    {
        using var cmd = _catalog.Command("SELECT value FROM catalog_sequence WHERE id = 1");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public CatalogStats GetStats()
    {
        using var cmd = _catalog.Command(PostgresSql.Stats);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new CatalogStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>
    /// PostgreSQL checks its pages and constraints itself; this checks what it cannot: every stored vector has the
    /// length its analysis set declares. Returns "ok", else the rows found (at most 20).
    /// </summary>
    public string IntegrityCheck()
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
    public void Dispose() => _catalog.Dispose();

    // ---- the roles, forwarded (each repository documents and implements its members) ----

    /// <inheritdoc />
    public TrackRecord UpsertTrack(TrackRecord track, long? scanId = null) => _tracks.UpsertTrack(track, scanId);

    /// <inheritdoc />
    public TrackRecord? FindTrackByPath(string path) => _tracks.FindTrackByPath(path);

    /// <inheritdoc />
    public TrackRecord? FindTrack(long id) => _tracks.FindTrack(id);

    /// <inheritdoc />
    public TrackPage ListTracks(TrackQuery query) => _tracks.ListTracks(query);

    /// <inheritdoc />
    public bool DeleteTrack(long id) => _tracks.DeleteTrack(id);

    /// <inheritdoc />
    public OwnedTracksUsage GetOwnedTracksUsage(long userId) => _tracks.GetOwnedTracksUsage(userId);

    /// <inheritdoc />
    public long BeginScan(string libraryRoot) => _scans.BeginScan(libraryRoot);

    /// <inheritdoc />
    public int MarkSeen(long scanId, IEnumerable<string> paths) => _scans.MarkSeen(scanId, paths);

    /// <inheritdoc />
    public int MarkMissingNotSeen(long scanId, string libraryRoot) => _scans.MarkMissingNotSeen(scanId, libraryRoot);

    /// <inheritdoc />
    public void FinishScan(long scanId) => _scans.FinishScan(scanId);

    /// <inheritdoc />
    public int PruneMissing() => _scans.PruneMissing();

    /// <inheritdoc />
    public bool NeedsAnalysis(string path, long sizeBytes, DateTime modifiedUtc, string? contentHash, string modelId, int featureVersion) =>
        _scans.NeedsAnalysis(path, sizeBytes, modifiedUtc, contentHash, modelId, featureVersion);

    /// <inheritdoc />
    public StoredFile FindStoredFile(string path) => _scans.FindStoredFile(path);

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures) => _scans.RecordScanFailures(failures);

    /// <inheritdoc />
    public bool IsKnownScanFailure(string path, long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion) =>
        _scans.IsKnownScanFailure(path, sizeBytes, modifiedUtc, modelId, featureVersion);

    /// <inheritdoc />
    public int ClearScanFailures(IEnumerable<string> paths) => _scans.ClearScanFailures(paths);

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> ListScanFailures() => _scans.ListScanFailures();

    /// <inheritdoc />
    public void MarkAnalysisStarted(AnalysisInProgressRecord mark) => _analyses.MarkAnalysisStarted(mark);

    /// <inheritdoc />
    public IReadOnlyList<AnalysisInProgressRecord> ListAnalysesInProgress() => _analyses.ListAnalysesInProgress();

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> FailAnalysesInProgress(IEnumerable<string> paths, string reason) =>
        _analyses.FailAnalysesInProgress(paths, reason);

    /// <inheritdoc />
    public int ClearAnalysesInProgress(long scanId) => _analyses.ClearAnalysesInProgress(scanId);

    /// <inheritdoc />
    public IReadOnlyList<TrackRecord> SaveAnalysesBatch(IEnumerable<(TrackRecord Track, AnalysisRecord Analysis)> batch, long? scanId = null) =>
        _analyses.SaveAnalysesBatch(batch, scanId);

    /// <inheritdoc />
    public AnalysisRecord? FindAnalysis(long trackId, string modelId, int featureVersion) => _analyses.FindAnalysis(trackId, modelId, featureVersion);

    /// <inheritdoc />
    public IEnumerable<AnalysisRecord> ReadAnalyses(string modelId, int featureVersion) => _analyses.ReadAnalyses(modelId, featureVersion);

    /// <inheritdoc />
    public long CountAnalyses(string modelId, int featureVersion) => _analyses.CountAnalyses(modelId, featureVersion);

    /// <inheritdoc />
    public IReadOnlyList<AnalysisSetInfo> ListAnalysisSets() => _analyses.ListAnalysisSets();

    /// <inheritdoc />
    public int DeleteAnalysesExcept(string modelId, int featureVersion) => _analyses.DeleteAnalysesExcept(modelId, featureVersion);

    /// <inheritdoc />
    public EmbeddingSpaceRecord? FindEmbeddingSpace() => _analyses.FindEmbeddingSpace();

    /// <inheritdoc />
    public void SaveEmbeddingSpace(EmbeddingSpaceRecord? space) => _analyses.SaveEmbeddingSpace(space);

    /// <inheritdoc />
    public UserRecord CreateUser(string name, string passwordHash) => _users.CreateUser(name, passwordHash);

    /// <inheritdoc />
    public UserRecord? FindUserByName(string name) => _users.FindUserByName(name);

    /// <inheritdoc />
    public void SetPasswordHash(long userId, string passwordHash) => _users.SetPasswordHash(userId, passwordHash);

    /// <inheritdoc />
    public SessionRecord CreateSession(long userId) => _users.CreateSession(userId);

    /// <inheritdoc />
    public SessionRecord? FindSession(string id) => _users.FindSession(id);

    /// <inheritdoc />
    public void TouchSession(string id, DateTimeOffset at) => _users.TouchSession(id, at);

    /// <inheritdoc />
    public bool DeleteSession(string id) => _users.DeleteSession(id);

    /// <inheritdoc />
    public int DeleteUserSessions(long userId, string? keepId) => _users.DeleteUserSessions(userId, keepId);

    /// <inheritdoc />
    public int DeleteSessionsIdleSince(DateTimeOffset cutoff) => _users.DeleteSessionsIdleSince(cutoff);

    /// <inheritdoc />
    public UserRecord? FindUser(long id) => _users.FindUser(id);

    /// <inheritdoc />
    public IReadOnlyList<UserRecord> ListUsers() => _users.ListUsers();

    /// <inheritdoc />
    public int DeleteOpinions(long userId, long trackId) => _users.DeleteOpinions(userId, trackId);

    /// <inheritdoc />
    public ApiKeyRecord CreateApiKey(long userId, string name, string prefix, string keyHash) => _users.CreateApiKey(userId, name, prefix, keyHash);

    /// <inheritdoc />
    public ApiKeyRecord? FindApiKey(string keyHash) => _users.FindApiKey(keyHash);

    /// <inheritdoc />
    public IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId) => _users.ListApiKeys(userId);

    /// <inheritdoc />
    public void TouchApiKey(long keyId, DateTimeOffset at) => _users.TouchApiKey(keyId, at);

    /// <inheritdoc />
    public bool DeleteApiKey(long userId, long keyId) => _users.DeleteApiKey(userId, keyId);

    /// <inheritdoc />
    public PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds) => _playlists.CreatePlaylist(userId, name, trackIds);

    /// <inheritdoc />
    public PlaylistRecord? FindPlaylist(long id) => _playlists.FindPlaylist(id);

    /// <inheritdoc />
    public IReadOnlyList<PlaylistRecord> ListPlaylists(long userId) => _playlists.ListPlaylists(userId);

    /// <inheritdoc />
    public PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds) =>
        _playlists.UpdatePlaylist(id, name, comment, trackIds);

    /// <inheritdoc />
    public bool DeletePlaylist(long id) => _playlists.DeletePlaylist(id);

    /// <inheritdoc />
    public InteractionRecord AddInteraction(InteractionRecord interaction) => _users.AddInteraction(interaction);

    /// <inheritdoc />
    public int AddInteractions(IEnumerable<InteractionRecord> interactions) => _users.AddInteractions(interactions);

    /// <inheritdoc />
    public IReadOnlyList<InteractionRecord> ListInteractions(long userId) => _users.ListInteractions(userId);

    /// <inheritdoc />
    public IEnumerable<InteractionRecord> ReadAllInteractions() => _users.ReadAllInteractions();
}
