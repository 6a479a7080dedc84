using Timbre.Core.Catalog;

namespace Timbre.Web.Subsonic;

/// <summary>
/// The user's own data: star/unstar (= Timbre likes, the same rows the web app's like button writes), scrobble
/// (= plays), starred lists and saved playlists. A playlist is visible only to its owner.
/// </summary>
internal static class SubsonicUserData
{
    public static void Star(SubsonicRequest q, SubsonicNode r)
    {
        foreach (var id in Targets(q))
        {
            q.Backend.AddInteraction(q.User.Id, id, InteractionKind.Like);
        }
    }

    public static void Unstar(SubsonicRequest q, SubsonicNode r)
    {
        foreach (var id in Targets(q))
        {
            q.Player.Unlike(q.User.Id, id);
        }
    }

    /// <summary>A finished play (<c>submission</c> true, the default) is recorded; "now playing" notices are accepted and dropped.</summary>
    public static void Scrobble(SubsonicRequest q, SubsonicNode r)
    {
        var ids = q.All("id");
        if (ids.Count == 0)
        {
            throw SubsonicException.Missing("id");
        }

        var tracks = ids.Select(id => SubsonicRequest.ParseSongId(id) is { } t && q.Player.FindTrackRecord(t) is not null ? t : throw SubsonicException.NotFound("Song")).ToList();
        if (!string.Equals(q.Get("submission"), "false", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var id in tracks)
            {
                q.Backend.AddInteraction(q.User.Id, id, InteractionKind.Play);
            }
        }
    }

    public static void GetStarred2(SubsonicRequest q, SubsonicNode r) => r.Add("starred2", Starred(q));

    public static void GetStarred(SubsonicRequest q, SubsonicNode r) => r.Add("starred", Starred(q));

    public static void GetPlaylists(SubsonicRequest q, SubsonicNode r) =>
        r.Add("playlists", new SubsonicNode().AddList("playlist", q.Player.ListPlaylists(q.User.Id).Select(p => Playlist(q, p, null))));

    public static void GetPlaylist(SubsonicRequest q, SubsonicNode r)
    {
        var playlist = Own(q, q.Require("id"));
        r.Add("playlist", Playlist(q, playlist, SubsonicBrowsing.Shapes(q)));
    }

    /// <summary>Creates a playlist (<c>name</c>), or replaces the songs of one (<c>playlistId</c>); answers it with its entries.</summary>
    public static void CreatePlaylist(SubsonicRequest q, SubsonicNode r)
    {
        var songs = Songs(q, q.All("songId"));
        PlaylistRecord playlist;
        if (q.Get("playlistId") is { } existing)
        {
            Own(q, existing);
            playlist = q.Player.UpdatePlaylist(long.Parse(existing, System.Globalization.CultureInfo.InvariantCulture), q.Get("name"), null, songs)!;
        }
        else
        {
            playlist = q.Player.CreatePlaylist(q.User.Id, q.Require("name"), songs);
        }

        r.Add("playlist", Playlist(q, playlist, SubsonicBrowsing.Shapes(q)));
    }

    /// <summary>Renames, re-comments, appends <c>songIdToAdd</c> and removes <c>songIndexToRemove</c> (0-based, before the additions).</summary>
    public static void UpdatePlaylist(SubsonicRequest q, SubsonicNode r)
    {
        var playlist = Own(q, q.Require("playlistId"));
        var remove = q.All("songIndexToRemove").Select(s => int.TryParse(s, out var i) ? i : -1).ToHashSet();
        var add = Songs(q, q.All("songIdToAdd"));
        var tracks = playlist.TrackIds.Where((_, i) => !remove.Contains(i)).Concat(add).ToList();
        var changedTracks = remove.Count > 0 || add.Count > 0;
        q.Player.UpdatePlaylist(playlist.Id, q.Get("name"), q.Has("comment") ? q.Get("comment") ?? "" : null, changedTracks ? tracks : null);
    }

    public static void DeletePlaylist(SubsonicRequest q, SubsonicNode r) => q.Player.DeletePlaylist(Own(q, q.Require("id")).Id);

    private static SubsonicNode Starred(SubsonicRequest q)
    {
        var shapes = SubsonicBrowsing.Shapes(q);
        var liked = shapes.Likes.OrderByDescending(l => l.Value).Select(l => q.Player.FindTrackRecord(l.Key)).OfType<TrackRecord>().ToList();
        var albums = shapes.Library.Albums.Where(a => a.Tracks.All(t => shapes.Likes.ContainsKey(t.Id)));
        return new SubsonicNode()
            .AddList("artist", [])
            .AddList("album", albums.Select(a => shapes.Album(a)))
            .AddList("song", liked.Select(t => shapes.Song(t)));
    }

    /// <summary>The songs a star or unstar names: <c>id</c> songs, and every song of each <c>albumId</c> and <c>artistId</c>.</summary>
    private static List<long> Targets(SubsonicRequest q)
    {
        var songs = q.All("id").Select(id => SubsonicRequest.ParseSongId(id) is { } t && q.Player.FindTrackRecord(t) is not null ? t : throw SubsonicException.NotFound("Song")).ToList();
        var albumIds = q.All("albumId");
        var artistIds = q.All("artistId");
        if (songs.Count == 0 && albumIds.Count == 0 && artistIds.Count == 0)
        {
            throw SubsonicException.Missing("id");
        }

        var library = q.Player.Library();
        foreach (var albumId in albumIds)
        {
            songs.AddRange((library.Album(albumId) ?? throw SubsonicException.NotFound("Album")).Tracks.Select(t => t.Id));
        }

        foreach (var artistId in artistIds)
        {
            songs.AddRange((library.Artist(artistId) ?? throw SubsonicException.NotFound("Artist")).Albums.SelectMany(a => a.Tracks).Select(t => t.Id));
        }

        return songs.Distinct().ToList();
    }

    private static List<long> Songs(SubsonicRequest q, IReadOnlyList<string> ids) =>
        ids.Select(id => SubsonicRequest.ParseSongId(id) is { } t && q.Player.FindTrackRecord(t) is not null ? t : throw SubsonicException.NotFound($"Song {id}")).ToList();

    private static PlaylistRecord Own(SubsonicRequest q, string id) =>
        SubsonicRequest.ParseSongId(id) is { } n && q.Player.FindPlaylist(n) is { } p && p.UserId == q.User.Id ? p : throw SubsonicException.NotFound("Playlist");

    private static SubsonicNode Playlist(SubsonicRequest q, PlaylistRecord p, SubsonicShapes? withEntries)
    {
        var tracks = p.TrackIds.Select(q.Player.FindTrackRecord).OfType<TrackRecord>().ToList();
        var node = new SubsonicNode()
            .Set("id", SubsonicShapes.Id(p.Id))
            .Set("name", p.Name)
            .Set("comment", p.Comment)
            .Set("owner", q.User.Name)
            .Set("public", false)
            .Set("songCount", tracks.Count)
            .Set("duration", (int)Math.Round(tracks.Sum(t => t.DurationSeconds)))
            .Set("created", p.CreatedAt)
            .Set("changed", p.ChangedAt)
            .Set("coverArt", "pl-" + SubsonicShapes.Id(p.Id));
        return withEntries is null ? node : node.AddList("entry", tracks.Select(t => withEntries.Song(t)));
    }
}
