namespace Timbre.Core.Catalog;

/// <summary>Users' saved playlists. Errors are <see cref="CatalogException"/> (unknown user or track, empty name).</summary>
public interface IPlaylistRepository
{
    /// <summary>Creates a playlist of <paramref name="trackIds"/> in order, in one transaction.</summary>
    PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds);

    /// <summary>The playlist with this id, or null.</summary>
    PlaylistRecord? FindPlaylist(long id);

    /// <summary>The user's playlists, oldest first.</summary>
    IReadOnlyList<PlaylistRecord> ListPlaylists(long userId);

    /// <summary>
    /// Replaces the name (when not null), the comment (when not null; empty clears it) and the tracks (when not null)
    /// of a playlist, in one transaction. Returns the updated playlist, or null when the id is unknown.
    /// </summary>
    PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds);

    /// <summary>Deletes a playlist; false when the id is unknown.</summary>
    bool DeletePlaylist(long id);
}
