namespace Timbre.Core.Catalog;

/// <summary>
/// The music catalog: every role of one store (tracks, scans, analyses, users) over one database, disposed together.
/// Consumers that need one role take its small interface (<see cref="ITrackRepository"/>, <see cref="IScanRepository"/>,
/// <see cref="IAnalysisRepository"/>, <see cref="IUserRepository"/>, <see cref="IApiKeyRepository"/>,
/// <see cref="IPlaylistRepository"/>, <see cref="ILibraryMapRepository"/>, <see cref="ICatalogHealth"/>); a new backend
/// implements them one by one. Implementations are not thread-safe for writes (use one instance per writer thread);
/// streaming reads (<see cref="IAnalysisRepository.ReadAnalyses"/>, <see cref="IUserRepository.ReadAllInteractions"/>)
/// use their own connection and may run while the same instance writes. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface ICatalogStore : ITrackRepository, IScanRepository, IAnalysisRepository, IUserRepository, IApiKeyRepository, IPlaylistRepository, ILibraryMapRepository, ICatalogHealth, IDisposable
{
}
