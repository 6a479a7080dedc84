using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>Users' saved playlists (tables <c>playlists</c> and <c>playlist_tracks</c>).</summary>
internal sealed class SqlitePlaylistRepository : IPlaylistRepository
{
    private const string Columns = "id, user_id, name, comment, created_at, changed_at";
    private readonly SqliteCatalog _catalog;

    /// <summary>Playlists of <paramref name="catalog"/>.</summary>
    public SqlitePlaylistRepository(SqliteCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds)
    {
        ArgumentNullException.ThrowIfNull(trackIds);
        var cleanName = CleanName(name);
        using var tx = _catalog.BeginTransaction();
        long id;
        try
        {
            using var cmd = _catalog.Command("INSERT INTO playlists (user_id, name, created_at, changed_at) VALUES (@user, @name, @now, @now) RETURNING id", tx);
            cmd.Parameters.AddWithValue("@user", userId);
            cmd.Parameters.AddWithValue("@name", cleanName);
            cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
            id = (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
        {
            throw new CatalogException($"Cannot create the playlist: no user {userId}.", e);
        }

        WriteTracks(id, trackIds, tx);
        tx.Commit();
        return FindPlaylist(id)!;
    }

    /// <inheritdoc />
    public PlaylistRecord? FindPlaylist(long id)
    {
        using var cmd = _catalog.Command($"SELECT {Columns} FROM playlists WHERE id = @id");
        cmd.Parameters.AddWithValue("@id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<PlaylistRecord> ListPlaylists(long userId)
    {
        var ids = new List<long>();
        using (var cmd = _catalog.Command("SELECT id FROM playlists WHERE user_id = @user ORDER BY id"))
        {
            cmd.Parameters.AddWithValue("@user", userId);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
            }
        }

        return ids.Select(FindPlaylist).OfType<PlaylistRecord>().ToList();
    }

    /// <inheritdoc />
    public PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds)
    {
        var cleanName = name is null ? null : CleanName(name);
        using var tx = _catalog.BeginTransaction();
        using (var cmd = _catalog.Command(
            """
            UPDATE playlists SET name = COALESCE(@name, name),
                comment = CASE WHEN @comment IS NULL THEN comment WHEN @comment = '' THEN NULL ELSE @comment END,
                changed_at = @now
            WHERE id = @id
            """,
            tx))
        {
            cmd.Parameters.AddWithValue("@id", id);
            cmd.Parameters.AddWithValue("@name", Db(cleanName));
            cmd.Parameters.AddWithValue("@comment", Db(comment?.Trim()));
            cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
            if (cmd.ExecuteNonQuery() == 0)
            {
                return null;
            }
        }

        if (trackIds is not null)
        {
            using var clear = _catalog.Command("DELETE FROM playlist_tracks WHERE playlist_id = @id", tx);
            clear.Parameters.AddWithValue("@id", id);
            clear.ExecuteNonQuery();
            WriteTracks(id, trackIds, tx);
        }

        tx.Commit();
        return FindPlaylist(id);
    }

    /// <inheritdoc />
    public bool DeletePlaylist(long id)
    {
        using var cmd = _catalog.Command("DELETE FROM playlists WHERE id = @id");
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    private void WriteTracks(long playlistId, IReadOnlyList<long> trackIds, SqliteTransaction tx)
    {
        using var cmd = _catalog.Command("INSERT INTO playlist_tracks (playlist_id, position, track_id) VALUES (@id, @pos, @track)", tx);
        cmd.Parameters.AddWithValue("@id", playlistId);
        var position = cmd.Parameters.Add("@pos", SqliteType.Integer);
        var track = cmd.Parameters.Add("@track", SqliteType.Integer);
        for (var i = 0; i < trackIds.Count; i++)
        {
            position.Value = i;
            track.Value = trackIds[i];
            try
            {
                cmd.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == ConstraintError)
            {
                throw new CatalogException($"Cannot save the playlist: track {trackIds[i]} does not exist; nothing was saved.", e);
            }
        }
    }

    private PlaylistRecord Read(SqliteDataReader r)
    {
        var id = r.GetInt64(0);
        var tracks = new List<long>();
        using (var cmd = _catalog.Command("SELECT track_id FROM playlist_tracks WHERE playlist_id = @id ORDER BY position"))
        {
            cmd.Parameters.AddWithValue("@id", id);
            using var t = cmd.ExecuteReader();
            while (t.Read())
            {
                tracks.Add(t.GetInt64(0));
            }
        }

        return new PlaylistRecord(
            id, r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), FromUnixMs(r.GetInt64(4)), FromUnixMs(r.GetInt64(5)), tracks);
    }

    private static string CleanName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new CatalogException("A playlist needs a name.") : name.Trim();
}
