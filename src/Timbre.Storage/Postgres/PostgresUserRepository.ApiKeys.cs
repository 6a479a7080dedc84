using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>API keys (table <c>api_keys</c>, hashes only) and the "unstar" of a track.</summary>
internal sealed partial class PostgresUserRepository : IApiKeyRepository
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
                $"INSERT INTO api_keys (user_id, name, prefix, key_hash, created_at) VALUES (@user, @name, @prefix, @hash, @now) RETURNING {KeyColumns}")
            .With("user", userId).With("name", name.Trim()).With("prefix", prefix).With("hash", keyHash).With("now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadKey(r);
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException($"Cannot save the API key: no user {userId}, or the key already exists.", e);
        }
    }

    /// <inheritdoc />
    public ApiKeyRecord? FindApiKey(string keyHash)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        using var cmd = _catalog.Command($"SELECT {KeyColumns} FROM api_keys WHERE key_hash = @hash").With("hash", keyHash);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadKey(r) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId)
    {
        using var cmd = _catalog.Command($"SELECT {KeyColumns} FROM api_keys WHERE user_id = @user ORDER BY id").With("user", userId);
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
        using var cmd = _catalog.Command("UPDATE api_keys SET last_used_at = @at WHERE id = @id").With("id", keyId).With("at", ToUnixMs(at));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool DeleteApiKey(long userId, long keyId)
    {
        using var cmd = _catalog.Command("DELETE FROM api_keys WHERE id = @id AND user_id = @user").With("id", keyId).With("user", userId);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public int DeleteOpinions(long userId, long trackId)
    {
        using var cmd = _catalog.Command("DELETE FROM interactions WHERE user_id = @user AND track_id = @track AND kind IN (@like, @dislike)")
            .With("user", userId).With("track", trackId).With("like", (short)InteractionKind.Like).With("dislike", (short)InteractionKind.Dislike);
        return cmd.ExecuteNonQuery();
    }
}
