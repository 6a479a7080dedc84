using System.Security.Cryptography;
using System.Text;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.App.Players;

/// <summary>
/// API keys for players (OpenSubsonic <c>apiKey</c>): 256 random bits shown once as <c>tmb_…</c>; the catalog keeps
/// only their SHA-256 (a random key needs no salt or stretching) and an 8-character prefix to tell keys apart.
/// The CLI (<c>timbre user apikey</c>) and the web account page both create keys here.
/// </summary>
public static class ApiKeys
{
    /// <summary>What every key starts with.</summary>
    public const string KeyPrefix = "tmb_";

    /// <summary>Most keys one user may hold.</summary>
    public const int MaxPerUser = 20;

    /// <summary>Creates a key for the user and returns its record and the key itself (the only time it exists in clear).</summary>
    public static (ApiKeyRecord Record, string Key) Create(IApiKeyRepository keys, long userId, string name)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var label = (name ?? "").Trim();
        if (label.Length is 0 or > 64)
        {
            throw new TimbreException("An API key needs a name of 1–64 characters.");
        }

        if (keys.ListApiKeys(userId).Count >= MaxPerUser)
        {
            throw new TimbreException($"A user may hold at most {MaxPerUser} API keys; revoke one first.");
        }

        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keys.CreateApiKey(userId, label, key[..(KeyPrefix.Length + 4)], Hash(key)), key);
    }

    /// <summary>The stored form of a key: lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key record a presented key stands for, or null (a malformed key is never looked up).</summary>
    public static ApiKeyRecord? Find(IApiKeyRepository keys, string? presented)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return presented is { Length: > 4 and < 200 } && presented.StartsWith(KeyPrefix, StringComparison.Ordinal)
            ? keys.FindApiKey(Hash(presented))
            : null;
    }
}
