using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>Users' saved playlists of a PostgreSQL catalog (tables <c>playlists</c> and <c>playlist_tracks</c>).</summary>
internal sealed class PostgresPlaylistRepository : IPlaylistRepository
{
    private const string Columns = "id, user_id, name, comment, created_at, changed_at";
    private readonly PostgresCatalog _catalog;

    /// <summary>Playlists of <paramref name="catalog"/>.</summary>
    public PostgresPlaylistRepository(PostgresCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds)
    {
        ArgumentNullException.ThrowIfNull(trackIds);
        var cleanName = CleanName(name);
        using var tx = _catalog.BeginTransaction();
        long id;
        try
        {
            using var cmd = _catalog.Command("INSERT INTO playlists (user_id, name, created_at, changed_at) VALUES (@user, @name, @now, @now) RETURNING id")
                .With("user", userId).With("name", cleanName).With("now", ToUnixMs(DateTimeOffset.UtcNow));
            id = (long)cmd.ExecuteScalar()!;
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException($"Cannot create the playlist: no user {userId}.", e);
        }

        WriteTracks(id, trackIds);
        tx.Commit();
        return FindPlaylist(id)!;
    }

    /// <inheritdoc />
    public PlaylistRecord? FindPlaylist(long id)
    {
        using var cmd = _catalog.Command(
            $"SELECT {Columns}, ARRAY(SELECT track_id FROM playlist_tracks WHERE playlist_id = p.id ORDER BY position) FROM playlists p WHERE id = @id")
            .With("id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<PlaylistRecord> ListPlaylists(long userId)
    {
        using var cmd = _catalog.Command(
            $"SELECT {Columns}, ARRAY(SELECT track_id FROM playlist_tracks WHERE playlist_id = p.id ORDER BY position) FROM playlists p WHERE user_id = @user ORDER BY id")
            .With("user", userId);
        using var r = cmd.ExecuteReader();
        var playlists = new List<PlaylistRecord>();
        while (r.Read())
        {
            playlists.Add(Read(r));
        }

        return playlists;
    }

    /// <inheritdoc />
    public PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds)
    {
        var cleanName = name is null ? null : CleanName(name);
        using var tx = _catalog.BeginTransaction();
        using (var cmd = _catalog.Command(
            """
            UPDATE playlists SET name = COALESCE(@name, name),
                comment = CASE WHEN @comment::text IS NULL THEN comment WHEN @comment::text = '' THEN NULL ELSE @comment::text END,
                changed_at = @now
            WHERE id = @id
            """)
            .With("id", id).With("name", cleanName).With("comment", comment?.Trim()).With("now", ToUnixMs(DateTimeOffset.UtcNow)))
        {
            if (cmd.ExecuteNonQuery() == 0)
            {
                return null;
            }
        }

        if (trackIds is not null)
        {
            using var clear = _catalog.Command("DELETE FROM playlist_tracks WHERE playlist_id = @id").With("id", id);
            clear.ExecuteNonQuery();
            WriteTracks(id, trackIds);
        }

        tx.Commit();
        return FindPlaylist(id);
    }

    /// <inheritdoc />
    public bool DeletePlaylist(long id)
    {
        using var cmd = _catalog.Command("DELETE FROM playlists WHERE id = @id").With("id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    // One statement for the whole list; a missing track is named first (a failed statement aborts the transaction,
    // so it cannot be asked after the insert), and the foreign key still refuses one deleted meanwhile.
    private void WriteTracks(long playlistId, IReadOnlyList<long> trackIds)
    {
        if (trackIds.Count == 0)
        {
            return;
        }

        var ids = trackIds.ToArray();
        using (var check = _catalog.Command("SELECT t FROM unnest(@tracks::bigint[]) AS t WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE id = t) LIMIT 1").With("tracks", ids))
        {
            if (check.ExecuteScalar() is long missing)
            {
                throw new CatalogException($"Cannot save the playlist: track {missing} does not exist; nothing was saved.");
            }
        }

        using var cmd = _catalog.Command(
            "INSERT INTO playlist_tracks (playlist_id, position, track_id) SELECT @id, t.ord - 1, t.track FROM unnest(@tracks::bigint[]) WITH ORDINALITY AS t(track, ord)")
            .With("id", playlistId).With("tracks", ids);
        try
        {
            cmd.ExecuteNonQuery();
        }
        catch (PostgresException e) when (PostgresValues.IsConstraint(e))
        {
            throw new CatalogException("Cannot save the playlist: one of its tracks was deleted meanwhile; nothing was saved.", e);
        }
    }

    private static PlaylistRecord Read(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), FromUnixMs(r.GetInt64(4)), FromUnixMs(r.GetInt64(5)),
            r.GetFieldValue<long[]>(6));

    private static string CleanName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new CatalogException("A playlist needs a name.") : name.Trim();
}
