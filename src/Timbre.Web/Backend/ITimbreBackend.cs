using Timbre.App.Library;

namespace Timbre.Web.Backend;

/// <summary>
/// Everything the web app asks of Timbre: the catalog, the model's analysis, the recommenders and the users.
/// The web layer only parses, checks and serialises; this interface does the work. Errors are
/// <see cref="Timbre.Core.Errors.TimbreException"/>s (<see cref="Timbre.Core.Errors.AudioDecodingException"/> for files
/// that are not audio). Implementations are called from many requests at once and must be thread-safe.
/// </summary>
public interface ITimbreBackend
{
    /// <summary>One page of the library, filtered and sorted.</summary>
    LibraryPage ListTracks(LibraryQuery query);

    /// <summary>The genre labels tracks can be filtered by (the model's labels), in display order.</summary>
    IReadOnlyList<string> GenreLabels();

    /// <summary>A track with its tags and predicted genre probabilities, or null when the id is unknown.</summary>
    TrackDetail? GetTrack(long id);

    /// <summary>Whether the catalog has a track with this id (as <see cref="GetTrack"/> is not null), for a request that awaits.</summary>
    Task<bool> HasTrackAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(GetTrack(id) is not null);

    /// <summary>The audio file of a catalog track, or null when the id is unknown or the file is gone.</summary>
    string? GetAudioFile(long id);

    /// <summary>A log-magnitude spectrogram of the track's audio, or null when the id is unknown.</summary>
    Spectrogram? GetSpectrogram(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Tracks similar to a catalog track by <paramref name="method"/>, best first, never the track itself. Awaits the
    /// cluster's shards where it asks them; a cancelled <paramref name="cancellationToken"/> stops asking.
    /// </summary>
    Task<IReadOnlyList<RecommendationItem>> SimilarAsync(long id, SimilarMethod method, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Analyses an audio file once: genre probabilities and up to <paramref name="count"/> similar library tracks.
    /// When <paramref name="addition"/> is not null the file (already placed in the library folder under a
    /// server-chosen name) is also saved to the catalog, owned by its user, with its title unless the tags carry one;
    /// the owner's quota is checked atomically with the save (<see cref="UploadQuotaExceededException"/>).
    /// </summary>
    Task<UploadAnalysis> AnalyzeAsync(string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken);

    /// <summary>How many library uploads <paramref name="userId"/> owns and their total size.</summary>
    UploadUsage GetUploadUsage(long userId);

    /// <summary>
    /// Deletes a track the user owns with all its rows (analyses, interactions); the caller deletes the file.
    /// Tracks of other users and scanned tracks are <see cref="DeleteOutcome.NotOwner"/>.
    /// </summary>
    TrackDeletion DeleteTrack(long trackId, long userId);

    /// <summary>Whether a catalog track has this file (start-up cleanup removes upload files that have none).</summary>
    bool IsCatalogued(string path);

    /// <summary>Creates a user; a taken name is a <see cref="Timbre.Core.Errors.TimbreException"/>.</summary>
    WebUser CreateUser(string name, string passwordHash);

    /// <summary>The user whose name has the same NFKC case-folded key (<see cref="Timbre.Core.Catalog.UserNames.Key"/>), or null.</summary>
    WebUser? FindUser(string name);

    /// <summary>The user with this id, or null.</summary>
    WebUser? FindUser(long id);

    /// <summary>Replaces the user's password hash.</summary>
    void SetPasswordHash(long userId, string passwordHash);

    /// <summary>Starts a server-side session for the user (sign-in).</summary>
    WebSession CreateSession(long userId);

    /// <summary>The session with this id, or null when it was revoked or never existed.</summary>
    WebSession? FindSession(string id);

    /// <summary>Records that the session is in use now.</summary>
    void TouchSession(string id);

    /// <summary>Revokes one session (sign-out).</summary>
    void RevokeSession(string id);

    /// <summary>Revokes every session of the user except <paramref name="keepId"/> (null: all). Returns how many.</summary>
    int RevokeSessions(long userId, string? keepId);

    /// <summary>Forgets sessions not used since <paramref name="cutoff"/> (their cookies have expired).</summary>
    void PruneSessions(DateTimeOffset cutoff);

    /// <summary>Records a like, dislike or play (value 1) of a catalog track by a user; the web API offers no rating.</summary>
    void AddInteraction(long userId, long trackId, Timbre.Core.Catalog.InteractionKind kind);

    /// <summary>
    /// The user's current likes, dislikes, plays and genre shares; awaits the cluster's shards for the shares where it
    /// asks them, as <see cref="SimilarAsync"/>.
    /// </summary>
    Task<TasteSummary> GetTasteAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recommendations for a user by <paramref name="method"/>, best first, never a liked or disliked track; awaits the
    /// cluster as <see cref="SimilarAsync"/>.
    /// </summary>
    Task<IReadOnlyList<RecommendationItem>> RecommendForAsync(long userId, UserMethod method, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The library map (every analysed track as a point in 2-D) as far as it is computed; null when this backend cannot
    /// make one (no model). Never blocks: the first call starts the computation in the background.
    /// </summary>
    MapView? Map() => null;

    /// <summary>
    /// The key ring every web server on this catalog shares (ASP.NET Core Data Protection keys, so a sign-in cookie
    /// from one server is read by the others); null keeps ASP.NET Core's default key folder (one server per catalog).
    /// </summary>
    Timbre.Core.Catalog.ISharedKeyRing? SharedKeyRing => null;

    /// <summary>
    /// A number that moves when another process (another web server, a scan) committed to the catalog, looked up
    /// at most about once a second; cached session checks are redone when it moves, so a sign-out on another server
    /// is honoured here within that second. 0 when nothing else writes.
    /// </summary>
    long CatalogChangeStamp() => 0;

    /// <summary>
    /// Whether the catalog answers and the snapshot is loaded (<c>/readyz</c>), and the cluster with <c>--cluster</c>;
    /// cheap, never loads anything, awaits the cluster's probe.
    /// </summary>
    Task<BackendReadiness> ReadinessAsync(CancellationToken cancellationToken = default) => Task.FromResult(new BackendReadiness(true, true));

    /// <summary>
    /// A smooth path of <paramref name="count"/> tracks from one track to another (the CLI's <c>timbre playlist</c>);
    /// on the cluster each step's search is awaited and a cancelled token starts no further one.
    /// </summary>
    Task<IReadOnlyList<long>> PathBetweenAsync(long fromId, long toId, int count, CancellationToken cancellationToken = default) =>
        throw new Timbre.Core.Errors.TimbreException("This server cannot build paths.");
}
