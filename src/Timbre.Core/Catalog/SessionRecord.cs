namespace Timbre.Core.Catalog;

/// <summary>A signed-in browser session. Deleting the row signs that browser out, whatever its cookie says.</summary>
/// <param name="Id">Random, unguessable session id (carried inside the encrypted auth cookie).</param>
/// <param name="UserId">The user signed in.</param>
/// <param name="CreatedAt">When the user signed in (UTC).</param>
/// <param name="LastSeenAt">Last time the session was used, to a coarse resolution (UTC).</param>
public sealed record SessionRecord(string Id, long UserId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);
