namespace Timbre.Core.Catalog;

/// <summary>
/// Users, their sign-in sessions and their interactions with tracks. Streaming reads
/// (<see cref="ReadAllInteractions"/>) use their own connection. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface IUserRepository
{
    /// <summary>
    /// Creates a user; a name already taken (same <see cref="UserNames.Key"/>: NFKC, case-folded) is a
    /// <see cref="CatalogException"/>. The name is stored as given (trimmed); callers check it with <see cref="UserNames.Normalize"/>.
    /// </summary>
    UserRecord CreateUser(string name, string passwordHash);

    /// <summary>The user whose name has the same <see cref="UserNames.Key"/> (NFKC, case-folded), or null.</summary>
    UserRecord? FindUserByName(string name);

    /// <summary>Replaces a user's password hash; an unknown user is a <see cref="CatalogException"/>.</summary>
    void SetPasswordHash(long userId, string passwordHash);

    // ---- sessions ----

    /// <summary>Starts a session for the user with a new random id.</summary>
    SessionRecord CreateSession(long userId);

    /// <summary>The session with this id, or null when it was never made or has been deleted.</summary>
    SessionRecord? FindSession(string id);

    /// <summary>Records that the session was used at <paramref name="at"/>.</summary>
    void TouchSession(string id, DateTimeOffset at);

    /// <summary>Deletes one session (sign-out). Returns whether it existed.</summary>
    bool DeleteSession(string id);

    /// <summary>Deletes every session of the user except <paramref name="keepId"/> (null: all). Returns the number deleted.</summary>
    int DeleteUserSessions(long userId, string? keepId);

    /// <summary>Deletes sessions last used before <paramref name="cutoff"/>. Returns the number deleted.</summary>
    int DeleteSessionsIdleSince(DateTimeOffset cutoff);

    /// <summary>The user with this id, or null.</summary>
    UserRecord? FindUser(long id);

    /// <summary>All users ordered by id.</summary>
    IReadOnlyList<UserRecord> ListUsers();

    /// <summary>Validates and saves an interaction (unknown user or track is an error). Returns it with its id.</summary>
    InteractionRecord AddInteraction(InteractionRecord interaction);

    /// <summary>
    /// Validates and saves many interactions in ONE transaction (bulk imports, synthetic catalogs): either all are
    /// committed or, on any error (bad value, unknown user or track), none. Returns the number saved.
    /// </summary>
    int AddInteractions(IEnumerable<InteractionRecord> interactions);

    /// <summary>
    /// Forgets the user's likes and dislikes of one track (a player's "unstar"); plays and ratings stay. Returns the
    /// number of rows deleted.
    /// </summary>
    int DeleteOpinions(long userId, long trackId);

    /// <summary>A user's interactions, oldest first.</summary>
    IReadOnlyList<InteractionRecord> ListInteractions(long userId);

    /// <summary>Streams every interaction ordered by user then time (for collaborative filtering).</summary>
    IEnumerable<InteractionRecord> ReadAllInteractions();
}
