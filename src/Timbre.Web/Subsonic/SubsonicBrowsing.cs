using Timbre.App.Players;
using Timbre.Core.Catalog;

namespace Timbre.Web.Subsonic;

/// <summary>Browsing: folders, artists, albums, songs, album lists, search and random songs.</summary>
internal static class SubsonicBrowsing
{
    private const int FolderId = 1;

    /// <summary>The shapes of this request: the library and the user's likes, read once.</summary>
    public static SubsonicShapes Shapes(SubsonicRequest q) => new(q.Player.Library(), q.Player.Likes(q.User.Id));

    public static void GetUser(SubsonicRequest q, SubsonicNode r)
    {
        var name = q.Get("username") ?? q.User.Name;
        if (!string.Equals(UserNames.Key(name), UserNames.Key(q.User.Name), StringComparison.Ordinal))
        {
            throw new SubsonicException(SubsonicCodes.NotAuthorized, "Only your own user can be read.");
        }

        r.Add("user", new SubsonicNode()
            .Set("username", q.User.Name).Set("scrobblingEnabled", true).Set("adminRole", false).Set("settingsRole", false)
            .Set("downloadRole", true).Set("uploadRole", false).Set("playlistRole", true).Set("coverArtRole", false)
            .Set("commentRole", false).Set("podcastRole", false).Set("streamRole", true).Set("jukeboxRole", false)
            .Set("shareRole", false).Set("videoConversionRole", false)
            .AddValues("folder", [FolderId]));
    }

    public static void GetMusicFolders(SubsonicRequest q, SubsonicNode r) =>
        r.Add("musicFolders", new SubsonicNode().AddList("musicFolder", [new SubsonicNode().Set("id", FolderId).Set("name", "Music")]));

    public static void GetIndexes(SubsonicRequest q, SubsonicNode r) =>
        r.Add("indexes", new SubsonicNode().Set("lastModified", 0L).Set("ignoredArticles", "").AddList("index", Shapes(q).Index()));

    public static void GetArtists(SubsonicRequest q, SubsonicNode r) =>
        r.Add("artists", new SubsonicNode().Set("ignoredArticles", "").AddList("index", Shapes(q).Index()));

    public static void GetArtist(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = Shapes(q);
        var artist = shapes.Library.Artist(q.Require("id")) ?? throw SubsonicException.NotFound("Artist");
        r.Add("artist", shapes.Artist(artist, withAlbums: true));
    }

    public static void GetAlbum(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = Shapes(q);
        var album = shapes.Library.Album(q.Require("id")) ?? throw SubsonicException.NotFound("Album");
        r.Add("album", shapes.Album(album, withSongs: true));
    }

    public static void GetSong(SubsonicRequest q, SubsonicNode r)
    {
        var track = q.Player.FindTrackRecord(q.SongId()) ?? throw SubsonicException.NotFound("Song");
        r.Add("song", Shapes(q).Song(track));
    }

    public static void GetAlbumList2(SubsonicRequest q, SubsonicNode r) =>
        r.Add("albumList2", new SubsonicNode().AddList("album", AlbumList(q, out var shapes).Select(a => shapes.Album(a))));

    /// <summary>The folder-based list: the same albums as directories.</summary>
    public static void GetAlbumList(SubsonicRequest q, SubsonicNode r) =>
        r.Add("albumList", new SubsonicNode().AddList("album", AlbumList(q, out var shapes).Select(a => shapes.Album(a).Set("isDir", true).Set("title", a.Name).Set("parent", a.ArtistId))));

    public static void Search3(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = Shapes(q);
        var text = (q.Get("query") ?? "").Trim().Trim('"').Trim();
        bool Hit(string? s) => text.Length == 0 || (s?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
        var library = shapes.Library;
        var artists = library.Artists.Where(a => Hit(a.Name));
        var albums = library.Albums.Where(a => Hit(a.Name) || Hit(a.Artist));
        var songs = library.Albums.SelectMany(a => a.Tracks).Where(t => Hit(t.Title) || Hit(t.Artist) || Hit(t.Album) || Hit(Path.GetFileName(t.Path)));
        r.Add("searchResult3", new SubsonicNode()
            .AddList("artist", Page(q, artists, "artist", 20).Select(a => shapes.Artist(a)))
            .AddList("album", Page(q, albums, "album", 20).Select(a => shapes.Album(a)))
            .AddList("song", Page(q, songs, "song", 20).Select(t => shapes.Song(t))));
    }

    public static void GetRandomSongs(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = Shapes(q);
        var size = q.Int("size", 10, 1, 500);
        var genre = q.Get("genre");
        var from = q.Int("fromYear", int.MinValue, int.MinValue, int.MaxValue);
        var to = q.Int("toYear", int.MaxValue, int.MinValue, int.MaxValue);
        var pool = shapes.Library.Albums.SelectMany(a => a.Tracks)
            .Where(t => genre is null || string.Equals(t.GenreTag?.Trim(), genre, StringComparison.OrdinalIgnoreCase))
            .Where(t => (from == int.MinValue && to == int.MaxValue) || (t.Year is { } y && y >= from && y <= to))
            .ToArray();
        Random.Shared.Shuffle(pool);
        r.Add("randomSongs", new SubsonicNode().AddList("song", pool.Take(size).Select(t => shapes.Song(t))));
    }

    private static IEnumerable<LibraryAlbum> AlbumList(SubsonicRequest q, out SubsonicShapes shapes)
    {
        shapes = Shapes(q);
        var type = q.Require("type");
        var size = q.Int("size", 10, 1, 500);
        var offset = q.Int("offset", 0, 0, int.MaxValue);
        IEnumerable<LibraryAlbum> albums = shapes.Library.Albums;
        var likes = shapes.Likes;
        switch (type)
        {
            case "random":
                var shuffled = albums.ToArray();
                Random.Shared.Shuffle(shuffled);
                return shuffled.Take(size);
            case "newest":
                albums = albums.OrderByDescending(a => a.NewestTrackId);
                break;
            case "alphabeticalByName":
                break;
            case "alphabeticalByArtist":
                albums = albums.OrderBy(a => a.Artist, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase);
                break;
            case "frequent":
            case "recent":
                var plays = q.Player.Plays(q.User.Id);
                var played = albums.Select(a => (Album: a, Plays: a.Tracks.Select(t => plays.GetValueOrDefault(t.Id)).ToList()))
                    .Where(x => x.Plays.Any(p => p.Count > 0)).ToList();
                albums = type == "frequent"
                    ? played.OrderByDescending(x => x.Plays.Sum(p => p.Count)).Select(x => x.Album)
                    : played.OrderByDescending(x => x.Plays.Max(p => p.Last)).Select(x => x.Album);
                break;
            case "starred":
            case "highest":
                albums = albums.Where(a => a.Tracks.Any(t => likes.ContainsKey(t.Id)))
                    .OrderByDescending(a => a.Tracks.Count(t => likes.ContainsKey(t.Id)));
                break;
            case "byYear":
                q.Require("fromYear");
                q.Require("toYear");
                var from = q.Int("fromYear", 0, int.MinValue, int.MaxValue);
                var to = q.Int("toYear", 0, int.MinValue, int.MaxValue);
                albums = from <= to
                    ? albums.Where(a => a.Year >= from && a.Year <= to).OrderBy(a => a.Year)
                    : albums.Where(a => a.Year >= to && a.Year <= from).OrderByDescending(a => a.Year);
                break;
            case "byGenre":
                var genre = q.Require("genre");
                albums = albums.Where(a => string.Equals(a.Genre, genre, StringComparison.OrdinalIgnoreCase));
                break;
            default:
                throw new SubsonicException(SubsonicCodes.Generic, $"Unknown album list type '{type}'.");
        }

        return albums.Skip(offset).Take(size);
    }

    private static IEnumerable<T> Page<T>(SubsonicRequest q, IEnumerable<T> items, string prefix, int fallback) =>
        items.Skip(q.Int(prefix + "Offset", 0, 0, int.MaxValue)).Take(q.Int(prefix + "Count", fallback, 0, 500));
}
