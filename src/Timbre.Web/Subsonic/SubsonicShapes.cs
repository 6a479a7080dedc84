using System.Globalization;
using Timbre.App.Players;
using Timbre.Core.Catalog;
using Timbre.Web.Api;

namespace Timbre.Web.Subsonic;

/// <summary>
/// The Subsonic shapes players read (field names and types as Navidrome and the OpenSubsonic spec give them):
/// <c>Child</c> for a song, <c>AlbumID3</c>, <c>ArtistID3</c>. Song ids are catalog ids; album and artist ids are
/// <see cref="MusicLibrary"/>'s stable ids. <c>path</c> is a display path (artist/album/file name), never the server's.
/// </summary>
internal sealed class SubsonicShapes(MusicLibrary library, IReadOnlyDictionary<long, DateTimeOffset> likes)
{
    public MusicLibrary Library => library;

    public IReadOnlyDictionary<long, DateTimeOffset> Likes => likes;

    /// <summary>A song (<c>Child</c>).</summary>
    public SubsonicNode Song(TrackRecord t, string? genre = null)
    {
        var album = library.AlbumOf(t.Id);
        var suffix = Path.GetExtension(t.Path).TrimStart('.').ToLowerInvariant();
        var seconds = (int)Math.Round(t.DurationSeconds);
        var title = string.IsNullOrWhiteSpace(t.Title) ? Path.GetFileNameWithoutExtension(t.Path) : t.Title.Trim();
        var artist = album is null ? (t.Artist ?? MusicLibrary.UnknownArtist) : (string.IsNullOrWhiteSpace(t.Artist) ? album.Artist : t.Artist.Trim());
        var artistId = MusicLibrary.ArtistId(artist);
        var node = new SubsonicNode()
            .Set("id", Id(t.Id))
            .Set("parent", album?.Id)
            .Set("isDir", false)
            .Set("title", title)
            .Set("album", album?.Name)
            .Set("artist", artist)
            .Set("track", album is null ? null : Position(album, t.Id))
            .Set("year", t.Year)
            .Set("genre", genre ?? t.GenreTag)
            .Set("coverArt", album?.Id ?? Id(t.Id))
            .Set("size", t.SizeBytes)
            .Set("contentType", AudioContentTypes.For(t.Path))
            .Set("suffix", suffix)
            .Set("duration", seconds)
            .Set("bitRate", seconds > 0 ? (int)(t.SizeBytes * 8 / seconds / 1000) : null)
            .Set("path", $"{Safe(artist)}/{Safe(album?.Name ?? "")}/{Path.GetFileName(t.Path)}")
            .Set("created", new DateTimeOffset(DateTime.SpecifyKind(t.ModifiedUtc, DateTimeKind.Utc)))
            .Set("albumId", album?.Id)
            .Set("artistId", artistId)
            .Set("type", "music")
            .Set("isVideo", false)
            .Set("mediaType", "song");
        if (likes.TryGetValue(t.Id, out var at))
        {
            node.Set("starred", at);
        }

        return node.AddList("artists", [new SubsonicNode().Set("id", artistId).Set("name", artist)])
            .Set("displayArtist", artist);
    }

    /// <summary>An album (<c>AlbumID3</c>), with its songs when asked.</summary>
    public SubsonicNode Album(LibraryAlbum a, bool withSongs = false)
    {
        var node = new SubsonicNode()
            .Set("id", a.Id)
            .Set("name", a.Name)
            .Set("artist", a.Artist)
            .Set("artistId", a.ArtistId)
            .Set("coverArt", a.Id)
            .Set("songCount", a.Tracks.Count)
            .Set("duration", (int)Math.Round(a.DurationSeconds))
            .Set("created", new DateTimeOffset(DateTime.SpecifyKind(a.Tracks.Max(t => t.ModifiedUtc), DateTimeKind.Utc)))
            .Set("year", a.Year)
            .Set("genre", a.Genre);
        var starred = a.Tracks.Select(t => likes.TryGetValue(t.Id, out var at) ? at : (DateTimeOffset?)null).Where(d => d is not null).Min();
        node.Set("starred", a.Tracks.All(t => likes.ContainsKey(t.Id)) ? starred : null)
            .AddList("artists", [new SubsonicNode().Set("id", a.ArtistId).Set("name", a.Artist)])
            .Set("displayArtist", a.Artist);
        return withSongs ? node.AddList("song", a.Tracks.Select(t => Song(t))) : node;
    }

    /// <summary>An artist (<c>ArtistID3</c>), with their albums when asked.</summary>
    public SubsonicNode Artist(LibraryArtist a, bool withAlbums = false)
    {
        var node = new SubsonicNode()
            .Set("id", a.Id)
            .Set("name", a.Name)
            .Set("coverArt", a.Id)
            .Set("albumCount", a.Albums.Count);
        return withAlbums ? node.AddList("album", a.Albums.Select(al => Album(al))) : node;
    }

    /// <summary>The artists grouped by first letter (<c>index</c> lists of getArtists and getIndexes).</summary>
    public IEnumerable<SubsonicNode> Index() =>
        library.Artists.GroupBy(a => IndexLetter(a.Name))
            .OrderBy(g => g.Key == "#" ? "\uffff" : g.Key, StringComparer.Ordinal)
            .Select(g => new SubsonicNode().Set("name", g.Key).AddList("artist", g.Select(a => Artist(a))));

    /// <summary>A song id as text.</summary>
    public static string Id(long trackId) => trackId.ToString(CultureInfo.InvariantCulture);

    private static int Position(LibraryAlbum album, long trackId)
    {
        for (var i = 0; i < album.Tracks.Count; i++)
        {
            if (album.Tracks[i].Id == trackId)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static string IndexLetter(string name)
    {
        var first = name.TrimStart().FirstOrDefault();
        return char.IsLetter(first) ? char.ToUpperInvariant(first).ToString() : "#";
    }

    private static string Safe(string name) => name.Replace('/', '_').Replace('\\', '_');
}
