using System.Security.Cryptography;
using System.Text;
using Timbre.Core.Catalog;

namespace Timbre.App.Players;

/// <summary>An album of the library as players see it: tracks in path order (track numbers are positions).</summary>
/// <param name="Id">Stable id: <c>al-</c> + hash of the normalised album and artist names.</param>
/// <param name="Name">Readable album name (tags, else the folder; unique per album).</param>
/// <param name="ArtistId">Id of the album's artist (the most common track artist).</param>
/// <param name="Artist">That artist's name.</param>
/// <param name="Year">The most common year of its tracks, when tagged.</param>
/// <param name="Genre">The most common genre tag, when tagged.</param>
/// <param name="Tracks">Its tracks.</param>
public sealed record LibraryAlbum(string Id, string Name, string ArtistId, string Artist, int? Year, string? Genre, IReadOnlyList<TrackRecord> Tracks)
{
    /// <summary>Total duration in seconds.</summary>
    public double DurationSeconds => Tracks.Sum(t => t.DurationSeconds);

    /// <summary>The newest catalog id among its tracks (the order albums were added).</summary>
    public long NewestTrackId => Tracks.Max(t => t.Id);
}

/// <summary>An artist with their albums.</summary>
/// <param name="Id">Stable id: <c>ar-</c> + hash of the normalised name.</param>
/// <param name="Name">Readable name ("Unknown artist" when neither tags nor folders say).</param>
/// <param name="Albums">Albums, by name.</param>
public sealed record LibraryArtist(string Id, string Name, IReadOnlyList<LibraryAlbum> Albums);

/// <summary>
/// The library grouped into artists and albums for players (OpenSubsonic browsing), by the one grouping rule the
/// rest of Timbre uses (<see cref="TrackGrouping"/>: tags, else folders). Ids are derived from normalised names,
/// so they survive a rescan or a new catalog of the same files. Immutable; build a new one when tracks change.
/// </summary>
public sealed class MusicLibrary
{
    /// <summary>Name of the artist of tracks no tag or folder names.</summary>
    public const string UnknownArtist = "Unknown artist";

    private readonly Dictionary<string, LibraryAlbum> _albums;
    private readonly Dictionary<string, LibraryArtist> _artists;
    private readonly Dictionary<long, LibraryAlbum> _albumOfTrack;

    private MusicLibrary(IReadOnlyList<LibraryArtist> artists, IReadOnlyList<LibraryAlbum> albums)
    {
        Artists = artists;
        Albums = albums;
        _albums = albums.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _artists = artists.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _albumOfTrack = albums.SelectMany(a => a.Tracks.Select(t => (t.Id, a))).ToDictionary(x => x.Id, x => x.a);
    }

    /// <summary>Artists by name (case-insensitive).</summary>
    public IReadOnlyList<LibraryArtist> Artists { get; }

    /// <summary>Albums by name (case-insensitive).</summary>
    public IReadOnlyList<LibraryAlbum> Albums { get; }

    /// <summary>Number of tracks.</summary>
    public int TrackCount => _albumOfTrack.Count;

    /// <summary>The album with this id, or null.</summary>
    public LibraryAlbum? Album(string id) => _albums.GetValueOrDefault(id);

    /// <summary>The artist with this id, or null.</summary>
    public LibraryArtist? Artist(string id) => _artists.GetValueOrDefault(id);

    /// <summary>The album a track belongs to, or null for a track not in the library (missing, or added since).</summary>
    public LibraryAlbum? AlbumOf(long trackId) => _albumOfTrack.GetValueOrDefault(trackId);

    /// <summary>Groups present tracks into albums and artists.</summary>
    /// <param name="tracks">Catalog tracks (missing ones are left out).</param>
    /// <param name="libraryRoot">The scanned folder, when known (see <see cref="TrackGrouping.Assign"/>).</param>
    public static MusicLibrary Build(IReadOnlyList<TrackRecord> tracks, string? libraryRoot = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var present = tracks.Where(t => t.Status == TrackStatus.Present).ToList();
        var groups = TrackGrouping.Assign(present, libraryRoot);
        var albums = new List<LibraryAlbum>();
        foreach (var album in Enumerable.Range(0, present.Count).GroupBy(i => groups[i].AlbumKey, StringComparer.Ordinal))
        {
            var members = album.OrderBy(i => present[i].Path, StringComparer.Ordinal).ToList();
            var artist = members.GroupBy(i => groups[i].ArtistKey ?? "", StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
            var artistName = groups[artist.First()].Artist ?? UnknownArtist;
            var name = groups[members[0]].Album;
            albums.Add(new LibraryAlbum(
                "al-" + StableId("album", Normalise(artistName), Normalise(name)),
                name,
                ArtistId(artistName),
                artistName,
                MostCommon(members.Select(i => present[i].Year)),
                MostCommon(members.Select(i => string.IsNullOrWhiteSpace(present[i].GenreTag) ? null : present[i].GenreTag!.Trim())),
                members.Select(i => present[i]).ToList()));
        }

        albums.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) is var c and not 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        var artists = albums.GroupBy(a => a.ArtistId, StringComparer.Ordinal)
            .Select(g => new LibraryArtist(g.Key, g.First().Artist, g.ToList()))
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        return new MusicLibrary(artists, albums);
    }

    /// <summary>Every present catalog track, in the order they were added (keyset pages of <see cref="TrackQuery.MaxLimit"/>).</summary>
    public static IReadOnlyList<TrackRecord> ReadPresent(ITrackRepository tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var all = new List<TrackRecord>();
        TrackCursor? after = null;
        do
        {
            var page = tracks.ListTracks(new TrackQuery { After = after, Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added });
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return all;
    }

    /// <summary>The stable id of an artist name.</summary>
    public static string ArtistId(string artistName) => "ar-" + StableId("artist", Normalise(artistName));

    private static string Normalise(string name) => UserNames.Key(name);

    private static string StableId(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..16];

    private static T? MostCommon<T>(IEnumerable<T?> values) =>
        values.Where(v => v is not null).GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
}
