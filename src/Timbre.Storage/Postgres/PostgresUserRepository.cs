using Npgsql;
using NpgsqlTypes;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>Users, sessions and interactions of a PostgreSQL catalog (tables <c>users</c>, <c>sessions</c>, <c>interactions</c>).</summary>
internal sealed partial class PostgresUserRepository : IUserRepository
{
    private readonly PostgresCatalog _catalog;

    /// <summary>Users of <paramref name="catalog"/>.</summary>
    public PostgresUserRepository(PostgresCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public UserRecord CreateUser(string name, string passwordHash)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CatalogException("A user name must not be empty.");
        }

        ArgumentNullException.ThrowIfNull(passwordHash);
        using var cmd = _catalog.Command(CatalogSql.InsertUser)
            .With("name", name.Trim()).With("key", UserNames.Key(name)).With("hash", passwordHash).With("now", ToUnixMs(DateTimeOffset.UtcNow));
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return ReadUser(r);
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException($"The user name '{name.Trim()}' is already taken.", e);
        }
    }

    /// <inheritdoc />
    public UserRecord? FindUserByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var cmd = _catalog.Command(CatalogSql.SelectUserByName).With("key", UserNames.Key(name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadUser(r) : null;
    }

    /// <inheritdoc />
    public void SetPasswordHash(long userId, string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(passwordHash);
        using var cmd = _catalog.Command(CatalogSql.UpdatePasswordHash).With("id", userId).With("hash", passwordHash);
        if (cmd.ExecuteNonQuery() == 0)
        {
            throw new CatalogException($"Cannot change the password of user {userId}: no such user.");
        }
    }

    /// <inheritdoc />
    public UserRecord? FindUser(long id)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectUserById).With("id", id);
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
        using var cmd = _catalog.Command(CatalogSql.InsertInteraction)
            .With("user", interaction.UserId).With("track", interaction.TrackId).With("kind", (short)interaction.Kind)
            .With("value", interaction.Value).With("at", ToUnixMs(interaction.At));
        try
        {
            var id = (long)cmd.ExecuteScalar()!;
            return interaction with { Id = id, At = FromUnixMs(ToUnixMs(interaction.At)) };
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException(
                $"Cannot record the interaction: user {interaction.UserId} or track {interaction.TrackId} does not exist.", e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Binary COPY in one transaction; a foreign key violation is reported when the copy completes.</remarks>
    public int AddInteractions(IEnumerable<InteractionRecord> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var count = 0;
        using var tx = _catalog.BeginTransaction();
        try
        {
            // Any exception disposes the importer (cancelling the COPY) and the transaction uncommitted: none are saved.
            using (var importer = _catalog.WriteConnection.BeginBinaryImport(PostgresSql.CopyInteractions))
            {
                foreach (var interaction in interactions)
                {
                    ArgumentNullException.ThrowIfNull(interaction);
                    interaction.Validate();
                    importer.StartRow();
                    importer.Write(interaction.UserId, NpgsqlDbType.Bigint);
                    importer.Write(interaction.TrackId, NpgsqlDbType.Bigint);
                    importer.Write((short)interaction.Kind, NpgsqlDbType.Smallint);
                    importer.Write(interaction.Value, NpgsqlDbType.Double);
                    importer.Write(ToUnixMs(interaction.At), NpgsqlDbType.Bigint);
                    count++;
                }

                importer.Complete();
            }

            tx.Commit();
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException($"Cannot record the interactions: {e.Detail ?? e.MessageText}; none were saved.", e);
        }

        return count;
    }

    /// <inheritdoc />
    public IReadOnlyList<InteractionRecord> ListInteractions(long userId)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectUserInteractions).With("user", userId);
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
            using var cmd = new NpgsqlCommand(CatalogSql.StreamInteractions, connection);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                yield return ReadInteraction(r);
            }
        }
    }
}
