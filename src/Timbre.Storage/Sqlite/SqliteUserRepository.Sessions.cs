using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Sqlite;

/// <summary>Sign-in sessions (table <c>sessions</c>).</summary>
internal sealed partial class SqliteUserRepository
{
    /// <inheritdoc />
    public SessionRecord CreateSession(long userId)
    {
        using var cmd = _catalog.Command(CatalogSql.InsertSession);
        cmd.Parameters.AddWithValue("@id", Base64Url(RandomNumberGenerator.GetBytes(32)));
        cmd.Parameters.AddWithValue("@user", userId);
        cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadSession(r);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException($"Cannot start a session for user {userId}: no such user.", e);
        }
    }

    /// <inheritdoc />
    public SessionRecord? FindSession(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var cmd = _catalog.Command(CatalogSql.SelectSession);
        cmd.Parameters.AddWithValue("@id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadSession(r) : null;
    }

    /// <inheritdoc />
    public void TouchSession(string id, DateTimeOffset at)
    {
        using var cmd = _catalog.Command(CatalogSql.TouchSession);
        cmd.Parameters.AddWithValue("@id", id);
        cmd.Parameters.AddWithValue("@at", ToUnixMs(at));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool DeleteSession(string id)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteSession);
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public int DeleteUserSessions(long userId, string? keepId)
    {
        using var cmd = _catalog.Command(SqliteSql.DeleteUserSessions);
        cmd.Parameters.AddWithValue("@user", userId);
        cmd.Parameters.AddWithValue("@keep", (object?)keepId ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int DeleteSessionsIdleSince(DateTimeOffset cutoff)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteIdleSessions);
        cmd.Parameters.AddWithValue("@cutoff", ToUnixMs(cutoff));
        return cmd.ExecuteNonQuery();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
