using System.Security.Cryptography;
using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>Sign-in sessions (table <c>sessions</c>).</summary>
internal sealed partial class PostgresUserRepository
{
    /// <inheritdoc />
    public SessionRecord CreateSession(long userId)
    {
        using var cmd = _catalog.Command(CatalogSql.InsertSession)
            .With("id", Base64Url(RandomNumberGenerator.GetBytes(32))).With("user", userId).With("now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadSession(r);
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException($"Cannot start a session for user {userId}: no such user.", e);
        }
    }

    /// <inheritdoc />
    public SessionRecord? FindSession(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var cmd = _catalog.Command(CatalogSql.SelectSession).With("id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadSession(r) : null;
    }

    /// <inheritdoc />
    public void TouchSession(string id, DateTimeOffset at)
    {
        using var cmd = _catalog.Command(CatalogSql.TouchSession).With("id", id).With("at", ToUnixMs(at));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool DeleteSession(string id)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteSession).With("id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public int DeleteUserSessions(long userId, string? keepId)
    {
        using var cmd = _catalog.Command(PostgresSql.DeleteUserSessions).With("user", userId);
        cmd.Parameters.Add(new NpgsqlParameter("keep", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)keepId ?? DBNull.Value });
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int DeleteSessionsIdleSince(DateTimeOffset cutoff)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteIdleSessions).With("cutoff", ToUnixMs(cutoff));
        return cmd.ExecuteNonQuery();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
