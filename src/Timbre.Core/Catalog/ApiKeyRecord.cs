namespace Timbre.Core.Catalog;

/// <summary>
/// An API key of a user (OpenSubsonic <c>apiKey</c> authentication). Only a hash of the key is stored; the key itself
/// is shown once, when it is created.
/// </summary>
/// <param name="Id">Catalog id.</param>
/// <param name="UserId">The user the key signs in as.</param>
/// <param name="Name">A label the user chose ("phone", "Feishin").</param>
/// <param name="Prefix">The key's first characters, shown so the user can tell keys apart (not enough to use it).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="LastUsedAt">Last recorded use (UTC, coarse), or null when never used.</param>
public sealed record ApiKeyRecord(long Id, long UserId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
