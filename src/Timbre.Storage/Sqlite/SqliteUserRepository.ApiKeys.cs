using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Sqlite;

/// <summary>API keys (table <c>api_keys</c>, hashes only) and the "unstar" of a track.</summary>
internal sealed partial class SqliteUserRepository : IApiKeyRepository
{
    private const string KeyColumns = "id, user_id, name, prefix, created_at, last_used_at";

    /// <inheritdoc />
    public ApiKeyRecord CreateApiKey(long userId, string name, string prefix, string keyHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CatalogException("An API key needs a name.");
        }

        using var cmd = _catalog.Command(
            $"INSERT INTO api_keys (user_id, name, prefix, key_hash, created_at) VALUES (@user, @name, @prefix, @hash, @now) RETURNING {KeyColumns}");
        cmd.Parameters.AddWithValue("@user", userId);
        cmd.Parameters.AddWithValue("@name", name.Trim());
        cmd.Parameters.AddWithValue("@prefix", prefix);
        cmd.Parameters.AddWithValue("@hash", keyHash);
        cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadKey(r);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException($"Cannot save the API key: no user {userId}, or the key already exists.", e);
        }
    }

    /// <inheritdoc />
    public ApiKeyRecord? FindApiKey(string keyHash)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        using var cmd = _catalog.Command($"SELECT {KeyColumns} FROM api_keys WHERE key_hash = @hash");
        cmd.Parameters.AddWithValue("@hash", keyHash);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadKey(r) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId)
    {
        using var cmd = _catalog.Command($"SELECT {KeyColumns} FROM api_keys WHERE user_id = @user ORDER BY id");
        cmd.Parameters.AddWithValue("@user", userId);
        using var r = cmd.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (r.Read())
        {
            keys.Add(ReadKey(r));
        }

        return keys;
    }

    /// <inheritdoc />
    public void TouchApiKey(long keyId, DateTimeOffset at)
    {
        using var cmd = _catalog.Command("UPDATE api_keys SET last_used_at = @at WHERE id = @id");
        cmd.Parameters.AddWithValue("@id", keyId);
        cmd.Parameters.AddWithValue("@at", ToUnixMs(at));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool DeleteApiKey(long userId, long keyId)
    {
        using var cmd = _catalog.Command("DELETE FROM api_keys WHERE id = @id AND user_id = @user");
        cmd.Parameters.AddWithValue("@id", keyId);
        cmd.Parameters.AddWithValue("@user", userId);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public int DeleteOpinions(long userId, long trackId)
    {
        using var cmd = _catalog.Command("DELETE FROM interactions WHERE user_id = @user AND track_id = @track AND kind IN (@like, @dislike)");
        cmd.Parameters.AddWithValue("@user", userId);
        cmd.Parameters.AddWithValue("@track", trackId);
        cmd.Parameters.AddWithValue("@like", (int)InteractionKind.Like);
        cmd.Parameters.AddWithValue("@dislike", (int)InteractionKind.Dislike);
        return cmd.ExecuteNonQuery();
    }
}
