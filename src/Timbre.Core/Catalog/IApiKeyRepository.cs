namespace Timbre.Core.Catalog;

/// <summary>Users' API keys, stored as hashes only. Errors are <see cref="CatalogException"/>.</summary>
public interface IApiKeyRepository
{
    /// <summary>Saves a key by its hash (unique); an unknown user or a hash already stored is a <see cref="CatalogException"/>.</summary>
    ApiKeyRecord CreateApiKey(long userId, string name, string prefix, string keyHash);

    /// <summary>The key with this hash, or null.</summary>
    ApiKeyRecord? FindApiKey(string keyHash);

    /// <summary>The user's keys, oldest first.</summary>
    IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId);

    /// <summary>Records that the key was used at <paramref name="at"/>.</summary>
    void TouchApiKey(long keyId, DateTimeOffset at);

    /// <summary>Deletes one of the user's keys; false when the user has no key with this id.</summary>
    bool DeleteApiKey(long userId, long keyId);
}
