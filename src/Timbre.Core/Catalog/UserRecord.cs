namespace Timbre.Core.Catalog;

/// <summary>A listener. The store keeps the password hash as given; hashing and checking belong to the web layer.</summary>
/// <param name="Id">Catalog id assigned by the store.</param>
/// <param name="Name">Unique user name (compared case-insensitively).</param>
/// <param name="PasswordHash">Opaque password hash string, or empty for users without a login (e.g. simulated users).</param>
/// <param name="CreatedAt">When the user was created (UTC).</param>
public sealed record UserRecord(long Id, string Name, string PasswordHash, DateTimeOffset CreatedAt);
