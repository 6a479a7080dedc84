using Timbre.Core.Catalog;

namespace Timbre.Storage;

public abstract partial class CatalogStoreBase
{
    /// <inheritdoc />
    public UserRecord CreateUser(string name, string passwordHash) => Users.CreateUser(name, passwordHash);

    /// <inheritdoc />
    public UserRecord? FindUserByName(string name) => Users.FindUserByName(name);

    /// <inheritdoc />
    public void SetPasswordHash(long userId, string passwordHash) => Users.SetPasswordHash(userId, passwordHash);

    /// <inheritdoc />
    public SessionRecord CreateSession(long userId) => Users.CreateSession(userId);

    /// <inheritdoc />
    public SessionRecord? FindSession(string id) => Users.FindSession(id);

    /// <inheritdoc />
    public void TouchSession(string id, DateTimeOffset at) => Users.TouchSession(id, at);

    /// <inheritdoc />
    public bool DeleteSession(string id) => Users.DeleteSession(id);

    /// <inheritdoc />
    public int DeleteUserSessions(long userId, string? keepId) => Users.DeleteUserSessions(userId, keepId);

    /// <inheritdoc />
    public int DeleteSessionsIdleSince(DateTimeOffset cutoff) => Users.DeleteSessionsIdleSince(cutoff);

    /// <inheritdoc />
    public UserRecord? FindUser(long id) => Users.FindUser(id);

    /// <inheritdoc />
    public int DeleteOpinions(long userId, long trackId) => Users.DeleteOpinions(userId, trackId);

    /// <inheritdoc />
    public ApiKeyRecord CreateApiKey(long userId, string name, string prefix, string keyHash) => ApiKeys.CreateApiKey(userId, name, prefix, keyHash);

    /// <inheritdoc />
    public ApiKeyRecord? FindApiKey(string keyHash) => ApiKeys.FindApiKey(keyHash);

    /// <inheritdoc />
    public IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId) => ApiKeys.ListApiKeys(userId);

    /// <inheritdoc />
    public void TouchApiKey(long keyId, DateTimeOffset at) => ApiKeys.TouchApiKey(keyId, at);

    /// <inheritdoc />
    public bool DeleteApiKey(long userId, long keyId) => ApiKeys.DeleteApiKey(userId, keyId);

    /// <inheritdoc />
    public PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds) => Playlists.CreatePlaylist(userId, name, trackIds);

    /// <inheritdoc />
    public PlaylistRecord? FindPlaylist(long id) => Playlists.FindPlaylist(id);

    /// <inheritdoc />
    public IReadOnlyList<PlaylistRecord> ListPlaylists(long userId) => Playlists.ListPlaylists(userId);

    /// <inheritdoc />
    public PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds) =>
        Playlists.UpdatePlaylist(id, name, comment, trackIds);

    /// <inheritdoc />
    public bool DeletePlaylist(long id) => Playlists.DeletePlaylist(id);

    /// <inheritdoc />
    public IReadOnlyList<UserRecord> ListUsers() => Users.ListUsers();

    /// <inheritdoc />
    public InteractionRecord AddInteraction(InteractionRecord interaction) => Users.AddInteraction(interaction);

    /// <inheritdoc />
    public int AddInteractions(IEnumerable<InteractionRecord> interactions) => Users.AddInteractions(interactions);

    /// <inheritdoc />
    public IReadOnlyList<InteractionRecord> ListInteractions(long userId) => Users.ListInteractions(userId);

    /// <inheritdoc />
    public IEnumerable<InteractionRecord> ReadAllInteractions() => Users.ReadAllInteractions();
}
