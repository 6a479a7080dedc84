using Timbre.App.Players;
using Timbre.Core.Catalog;

namespace Timbre.Web.Backend;

/// <summary>A track and how close it sounds to a reference track.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Similarity">Cosine similarity of the two tracks' embeddings mapped to [0, 1] (1 = the same sound).</param>
public sealed record SonicMatch(long Id, double Similarity);

/// <summary>
/// What players (the OpenSubsonic API under <c>/rest</c>) ask of Timbre beyond <see cref="ITimbreBackend"/>: the
/// library as artists and albums, API keys, saved playlists, unstar, and similarity from the same live snapshot the
/// web app uses. Implementations are thread-safe.
/// </summary>
public interface IPlayerBackend
{
    /// <summary>The library grouped into artists and albums (rebuilt when tracks change).</summary>
    MusicLibrary Library();

    /// <summary>A catalog track, or null when the id is unknown or the track is missing.</summary>
    TrackRecord? FindTrackRecord(long id);

    /// <summary>
    /// The catalog tracks of <paramref name="ids"/> in their order, each once, leaving out unknown and missing ones (as
    /// <see cref="FindTrackRecord"/>): one catalog read, waiting for a reader without holding a thread.
    /// </summary>
    Task<IReadOnlyList<TrackRecord>> FindTrackRecordsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>The user an API key signs in as, or null (the key's last use is recorded).</summary>
    WebUser? FindUserByApiKey(string key);

    /// <summary>Creates an API key; the key itself is returned only here.</summary>
    (ApiKeyRecord Record, string Key) CreateApiKey(long userId, string name);

    /// <summary>The user's API keys (never the keys themselves).</summary>
    IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId);

    /// <summary>Revokes one of the user's keys; false when the user has no such key.</summary>
    bool RevokeApiKey(long userId, long keyId);

    /// <summary>The tracks the user likes now, with the time of the like.</summary>
    IReadOnlyDictionary<long, DateTimeOffset> Likes(long userId);

    /// <summary>The user's plays per track: how many and the latest.</summary>
    IReadOnlyDictionary<long, (int Count, DateTimeOffset Last)> Plays(long userId);

    /// <summary>Forgets the user's like or dislike of a track (a player's "unstar").</summary>
    void Unlike(long userId, long trackId);

    /// <summary>
    /// Tracks similar to the seeds by Timbre's content recommender (m1), best first, never a seed; awaits the cluster's
    /// shards where it asks them, and a cancelled token starts no further call.
    /// </summary>
    Task<IReadOnlyList<SonicMatch>> SimilarToAsync(IReadOnlyList<long> seeds, int count, CancellationToken cancellationToken = default);

    /// <summary>Timbre's playlist path from one track to another (both included), with similarity to the first; awaits as <see cref="SimilarToAsync"/>.</summary>
    Task<IReadOnlyList<SonicMatch>> SonicPathAsync(long fromId, long toId, int count, CancellationToken cancellationToken = default);

    /// <summary>The tracks ordered by how typical they sound of the group (similarity to its mean embedding), best first.</summary>
    IReadOnlyList<SonicMatch> MostTypical(IReadOnlyList<long> ids);

    /// <summary>The picture embedded in a track's file as PNG (fit to <paramref name="size"/> when given), or null when it has none.</summary>
    byte[]? CoverArt(long trackId, int? size, CancellationToken cancellationToken);

    /// <summary>The user's saved playlists.</summary>
    IReadOnlyList<PlaylistRecord> ListPlaylists(long userId);

    /// <summary>A playlist, or null.</summary>
    PlaylistRecord? FindPlaylist(long id);

    /// <summary>Creates a playlist; an unknown track is a <see cref="Timbre.Core.Errors.TimbreException"/>.</summary>
    PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds);

    /// <summary>Changes a playlist (null parts stay); null when unknown.</summary>
    PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds);

    /// <summary>Deletes a playlist; false when unknown.</summary>
    bool DeletePlaylist(long id);
}
