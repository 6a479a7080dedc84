using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary>
/// What every catalog backend shares: <see cref="ICatalogStore"/>'s role members forwarded to the backend's role
/// repositories (each repository documents and implements its members). A backend supplies the repositories, its
/// health checks and disposal.
/// </summary>
public abstract partial class CatalogStoreBase : ICatalogStore
{
    /// <summary>The tracks of this catalog.</summary>
    public abstract ITrackRepository Tracks { get; }

    /// <summary>Scans, the change check and scan failures of this catalog.</summary>
    public abstract IScanRepository Scans { get; }

    /// <summary>Analyses, analysis sets, in-progress marks and the embedding space of this catalog.</summary>
    public abstract IAnalysisRepository Analyses { get; }

    /// <summary>Users, sessions and interactions of this catalog.</summary>
    public abstract IUserRepository Users { get; }

    /// <summary>API keys of this catalog's users.</summary>
    public abstract IApiKeyRepository ApiKeys { get; }

    /// <summary>Saved playlists of this catalog's users.</summary>
    public abstract IPlaylistRepository Playlists { get; }

    /// <inheritdoc />
    public abstract CatalogStats GetStats();

    /// <inheritdoc />
    public abstract long ChangeVersion();

    /// <inheritdoc />
    public abstract long ContentSequence();

    /// <inheritdoc />
    public abstract string IntegrityCheck();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the backend's connections.</summary>
    protected abstract void Dispose(bool disposing);

    /// <inheritdoc />
    public TrackRecord UpsertTrack(TrackRecord track, long? scanId = null) => Tracks.UpsertTrack(track, scanId);

    /// <inheritdoc />
    public TrackRecord? FindTrackByPath(string path) => Tracks.FindTrackByPath(path);

    /// <inheritdoc />
    public TrackRecord? FindTrack(long id) => Tracks.FindTrack(id);

    /// <inheritdoc />
    public TrackPage ListTracks(TrackQuery query) => Tracks.ListTracks(query);

    /// <inheritdoc />
    public bool DeleteTrack(long id) => Tracks.DeleteTrack(id);

    /// <inheritdoc />
    public OwnedTracksUsage GetOwnedTracksUsage(long userId) => Tracks.GetOwnedTracksUsage(userId);

    /// <inheritdoc />
    public long BeginScan(string libraryRoot) => Scans.BeginScan(libraryRoot);

    /// <inheritdoc />
    public int MarkSeen(long scanId, IEnumerable<string> paths) => Scans.MarkSeen(scanId, paths);

    /// <inheritdoc />
    public int MarkMissingNotSeen(long scanId, string libraryRoot) => Scans.MarkMissingNotSeen(scanId, libraryRoot);

    /// <inheritdoc />
    public void FinishScan(long scanId) => Scans.FinishScan(scanId);

    /// <inheritdoc />
    public int PruneMissing() => Scans.PruneMissing();

    /// <inheritdoc />
    public bool NeedsAnalysis(string path, long sizeBytes, DateTime modifiedUtc, string? contentHash, string modelId, int featureVersion) =>
        Scans.NeedsAnalysis(path, sizeBytes, modifiedUtc, contentHash, modelId, featureVersion);

    /// <inheritdoc />
    public StoredFile FindStoredFile(string path) => Scans.FindStoredFile(path);

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures) => Scans.RecordScanFailures(failures);

    /// <inheritdoc />
    public bool IsKnownScanFailure(string path, long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion) =>
        Scans.IsKnownScanFailure(path, sizeBytes, modifiedUtc, modelId, featureVersion);

    /// <inheritdoc />
    public int ClearScanFailures(IEnumerable<string> paths) => Scans.ClearScanFailures(paths);

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> ListScanFailures() => Scans.ListScanFailures();

    /// <inheritdoc />
    public void MarkAnalysisStarted(AnalysisInProgressRecord mark) => Analyses.MarkAnalysisStarted(mark);

    /// <inheritdoc />
    public IReadOnlyList<AnalysisInProgressRecord> ListAnalysesInProgress() => Analyses.ListAnalysesInProgress();

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> FailAnalysesInProgress(IEnumerable<string> paths, string reason) =>
        Analyses.FailAnalysesInProgress(paths, reason);

    /// <inheritdoc />
    public int ClearAnalysesInProgress(long scanId) => Analyses.ClearAnalysesInProgress(scanId);

    /// <inheritdoc />
    public IReadOnlyList<TrackRecord> SaveAnalysesBatch(IEnumerable<(TrackRecord Track, AnalysisRecord Analysis)> batch, long? scanId = null) =>
        Analyses.SaveAnalysesBatch(batch, scanId);

    /// <inheritdoc />
    public AnalysisRecord? FindAnalysis(long trackId, string modelId, int featureVersion) => Analyses.FindAnalysis(trackId, modelId, featureVersion);

    /// <inheritdoc />
    public IEnumerable<AnalysisRecord> ReadAnalyses(string modelId, int featureVersion) => Analyses.ReadAnalyses(modelId, featureVersion);

    /// <inheritdoc />
    public long CountAnalyses(string modelId, int featureVersion) => Analyses.CountAnalyses(modelId, featureVersion);

    /// <inheritdoc />
    public IReadOnlyDictionary<long, string> PredictedGenres(IReadOnlyCollection<long> trackIds, PredictedGenreSource source) =>
        Analyses.PredictedGenres(trackIds, source);

    /// <inheritdoc />
    public IReadOnlyList<AnalysisSetInfo> ListAnalysisSets() => Analyses.ListAnalysisSets();

    /// <inheritdoc />
    public int DeleteAnalysesExcept(string modelId, int featureVersion) => Analyses.DeleteAnalysesExcept(modelId, featureVersion);

    /// <inheritdoc />
    public EmbeddingSpaceRecord? FindEmbeddingSpace() => Analyses.FindEmbeddingSpace();

    /// <inheritdoc />
    public void SaveEmbeddingSpace(EmbeddingSpaceRecord? space) => Analyses.SaveEmbeddingSpace(space);
}
