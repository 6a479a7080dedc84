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
public sealed class SqliteCatalogStore : ICatalogStore
{
    private readonly SqliteCatalog _catalog;
    private readonly SqliteTrackRepository _tracks;
    private readonly SqliteScanRepository _scans;
    private readonly SqliteAnalysisRepository _analyses;
    private readonly SqliteUserRepository _users;
    private readonly SqlitePlaylistRepository _playlists;

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
    }

    /// <summary>Full path of the catalog file.</summary>
    public string Path => _catalog.Path;

    /// <summary>Schema version of the open file (PRAGMA user_version).</summary>
    public int SchemaVersion => _catalog.SchemaVersion;

    /// <summary>The schema version this build creates and reads.</summary>
    public static int LatestSchemaVersion => SqliteMigrations.LatestVersion;

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

    /// <inheritdoc />
    /// <remarks>SQLite's <c>PRAGMA data_version</c> of the write connection: it moves on every commit by another connection.</remarks>
    public long ChangeVersion()
    {
        using var cmd = _catalog.Command("PRAGMA data_version");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    /// <remarks>The <c>catalog_sequence</c> row its triggers move (schema 14).</remarks>
    public long ContentSequence()
    {
        using var cmd = _catalog.Command("SELECT value FROM catalog_sequence WHERE id = 1");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public CatalogStats GetStats()
    {
        using var cmd = _catalog.Command(SqliteSql.Stats);
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
    public IReadOnlyList<UserRecord> ListUsers() => _users.ListUsers();

    /// <inheritdoc />
    public InteractionRecord AddInteraction(InteractionRecord interaction) => _users.AddInteraction(interaction);

    /// <inheritdoc />
    public int AddInteractions(IEnumerable<InteractionRecord> interactions) => _users.AddInteractions(interactions);

    /// <inheritdoc />
    public IReadOnlyList<InteractionRecord> ListInteractions(long userId) => _users.ListInteractions(userId);

    /// <inheritdoc />
    public IEnumerable<InteractionRecord> ReadAllInteractions() => _users.ReadAllInteractions();
}
