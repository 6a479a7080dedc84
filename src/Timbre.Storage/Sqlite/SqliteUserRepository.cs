using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Sqlite;

/// <summary>Users, sessions and interactions of a SQLite catalog (tables <c>users</c>, <c>sessions</c>, <c>interactions</c>).</summary>
internal sealed partial class SqliteUserRepository : IUserRepository
{
    private readonly SqliteCatalog _catalog;

    /// <summary>Users of <paramref name="catalog"/>.</summary>
    public SqliteUserRepository(SqliteCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public UserRecord CreateUser(string name, string passwordHash)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CatalogException("A user name must not be empty.");
        }

        ArgumentNullException.ThrowIfNull(passwordHash);
        using var cmd = _catalog.Command(CatalogSql.InsertUser);
        cmd.Parameters.AddWithValue("@name", name.Trim());
        cmd.Parameters.AddWithValue("@key", UserNames.Key(name));
        cmd.Parameters.AddWithValue("@hash", passwordHash);
        cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadUser(r);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException($"The user name '{name.Trim()}' is already taken.", e);
        }
    }

    /// <inheritdoc />
    public UserRecord? FindUserByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var cmd = _catalog.Command(CatalogSql.SelectUserByName);
        cmd.Parameters.AddWithValue("@key", UserNames.Key(name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadUser(r) : null;
    }

    /// <inheritdoc />
    public void SetPasswordHash(long userId, string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(passwordHash);
        using var cmd = _catalog.Command(CatalogSql.UpdatePasswordHash);
        cmd.Parameters.AddWithValue("@id", userId);
        cmd.Parameters.AddWithValue("@hash", passwordHash);
        if (cmd.ExecuteNonQuery() == 0)
        {
            throw new CatalogException($"Cannot change the password of user {userId}: no such user.");
        }
    }

    /// <inheritdoc />
    public UserRecord? FindUser(long id)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectUserById);
        cmd.Parameters.AddWithValue("@id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadUser(r) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<UserRecord> ListUsers()
    {
        using var cmd = _catalog.Command(CatalogSql.SelectUsers);
        using var r = cmd.ExecuteReader();
        var users = new List<UserRecord>();
        while (r.Read())
        {
            users.Add(ReadUser(r));
        }

        return users;
    }

    /// <inheritdoc />
    public InteractionRecord AddInteraction(InteractionRecord interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        interaction.Validate();
        using var cmd = _catalog.Command(CatalogSql.InsertInteraction);
        cmd.Parameters.AddWithValue("@user", interaction.UserId);
        cmd.Parameters.AddWithValue("@track", interaction.TrackId);
        cmd.Parameters.AddWithValue("@kind", (int)interaction.Kind);
        cmd.Parameters.AddWithValue("@value", interaction.Value);
        cmd.Parameters.AddWithValue("@at", ToUnixMs(interaction.At));
        try
        {
            var id = (long)cmd.ExecuteScalar()!;
            return interaction with { Id = id, At = FromUnixMs(ToUnixMs(interaction.At)) };
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException(
                $"Cannot record the interaction: user {interaction.UserId} or track {interaction.TrackId} does not exist.", e);
        }
    }

    /// <inheritdoc />
    public int AddInteractions(IEnumerable<InteractionRecord> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var count = 0;
        InteractionRecord? current = null;
        using var tx = _catalog.BeginTransaction();
        using var cmd = _catalog.Command(CatalogSql.InsertInteraction, tx);
        var user = cmd.Parameters.Add("@user", SqliteType.Integer);
        var track = cmd.Parameters.Add("@track", SqliteType.Integer);
        var kind = cmd.Parameters.Add("@kind", SqliteType.Integer);
        var value = cmd.Parameters.Add("@value", SqliteType.Real);
        var at = cmd.Parameters.Add("@at", SqliteType.Integer);
        try
        {
            // Any exception disposes the transaction uncommitted, which rolls the whole batch back.
            foreach (var interaction in interactions)
            {
                ArgumentNullException.ThrowIfNull(interaction);
                current = interaction;
                interaction.Validate();
                user.Value = interaction.UserId;
                track.Value = interaction.TrackId;
                kind.Value = (int)interaction.Kind;
                value.Value = interaction.Value;
                at.Value = ToUnixMs(interaction.At);
                cmd.ExecuteNonQuery();
                count++;
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException(
                $"Cannot record the interactions: user {current?.UserId} or track {current?.TrackId} does not exist; none were saved.", e);
        }

        tx.Commit();
        return count;
    }

    /// <inheritdoc />
    public IReadOnlyList<InteractionRecord> ListInteractions(long userId)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectUserInteractions);
        cmd.Parameters.AddWithValue("@user", userId);
        using var r = cmd.ExecuteReader();
        var list = new List<InteractionRecord>();
        while (r.Read())
        {
            list.Add(ReadInteraction(r));
        }

        return list;
    }

    /// <inheritdoc />
    public IEnumerable<InteractionRecord> ReadAllInteractions()
    {
        _catalog.ThrowIfDisposed();
        return Stream();

        IEnumerable<InteractionRecord> Stream()
        {
            using var connection = _catalog.OpenReadConnection();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = CatalogSql.StreamInteractions;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                yield return ReadInteraction(r);
            }
        }
    }
}
