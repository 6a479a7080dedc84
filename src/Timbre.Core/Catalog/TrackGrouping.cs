using System.Text.RegularExpressions;

namespace Timbre.Core.Catalog;

/// <summary>Where a track's album or artist label came from.</summary>
public enum GroupSource
{
    /// <summary>Not known (no tag, and the folder layout has no level for it).</summary>
    Unknown = 0,

    /// <summary>The track's own tag.</summary>
    Tag = 1,

    /// <summary>The tag most tracks of the track's folder carry (the track itself is untagged or in the minority).</summary>
    FolderTag = 2,

    /// <summary>A folder name (the album folder, or the folder above it for the artist).</summary>
    Folder = 3,
}

/// <summary>The album and artist of one track.</summary>
/// <param name="AlbumKey">Identity of the album: equal for the tracks of one album, distinct across albums (never shown).</param>
/// <param name="Album">Readable album name, unique per album key (a folder is appended when two albums share a name).</param>
/// <param name="AlbumSource">Where the album name came from.</param>
/// <param name="ArtistKey">Identity of the artist (the case-folded name), or null when unknown.</param>
/// <param name="Artist">Readable artist name, or null when unknown.</param>
/// <param name="ArtistSource">Where the artist came from.</param>
public sealed record TrackGroup(string AlbumKey, string Album, GroupSource AlbumSource, string? ArtistKey, string? Artist, GroupSource ArtistSource);

/// <summary>
/// Album and artist labels of catalog tracks, from tags, else from the folder layout people keep music in
/// (<c>Artist/Album/track</c> or flat <c>Album/track</c>). Pure: reads only the records and their paths.
/// <list type="bullet">
/// <item>A folder is one album. It is named by the album tag most of its tracks carry (case-insensitive; the most used
/// spelling), and by the folder's name when none is tagged or the most common tags tie. Only a folder that clearly holds several tagged albums (two
/// or more album tags on at least two tracks each) is split: there tagged tracks keep their own album and untagged
/// ones take the most common. A disc folder (<c>CD1</c>, <c>Disc 2</c>) belongs to the album folder above it.</item>
/// <item>The artist is the track's artist tag (the scanner falls back to the album-artist tag), else the name of the
/// folder above the album folder when that folder lies inside the library, else unknown.</item>
/// </list>
/// The library root is the given one, else the deepest folder holding every track's folder.
/// </summary>
public static partial class TrackGrouping
{
    /// <summary>The album and artist of each track, in input order.</summary>
    /// <param name="tracks">Catalog tracks (full paths).</param>
    /// <param name="libraryRoot">The scanned folder; null = the deepest common folder of the tracks.</param>
    public static IReadOnlyList<TrackGroup> Assign(IReadOnlyList<TrackRecord> tracks, string? libraryRoot = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0)
        {
            return [];
        }

        var folders = tracks.Select(t => AlbumFolder(t.Path)).ToArray();
        var root = Trim(libraryRoot is null ? CommonFolder(tracks.Select(t => Path.GetDirectoryName(t.Path) ?? "")) : Path.GetFullPath(libraryRoot));
        var albums = new (string Key, string Name, GroupSource Source)[tracks.Count];
        foreach (var folder in Enumerable.Range(0, tracks.Count).GroupBy(i => folders[i], StringComparer.Ordinal))
        {
            NameAlbums(tracks, folder.Key, [.. folder], albums);
        }

        var readable = UniqueNames(albums, folders);
        var result = new TrackGroup[tracks.Count];
        for (var i = 0; i < tracks.Count; i++)
        {
            var (artist, source) = Clean(tracks[i].Artist) is { } tag ? (tag, GroupSource.Tag) : (ArtistFolder(folders[i], root), GroupSource.Folder);
            result[i] = new TrackGroup(
                albums[i].Key,
                readable[i],
                albums[i].Source,
                artist?.ToLowerInvariant(),
                artist,
                artist is null ? GroupSource.Unknown : source);
        }

        return result;
    }

    /// <summary>The folder that stands for the track's album: its own folder, or the one above a disc folder.</summary>
    public static string AlbumFolder(string trackPath)
    {
        ArgumentNullException.ThrowIfNull(trackPath);
        var folder = Trim(Path.GetDirectoryName(trackPath) ?? "");
        return DiscFolder().IsMatch(Path.GetFileName(folder)) && Path.GetDirectoryName(folder) is { Length: > 0 } parent ? Trim(parent) : folder;
    }

    private static void NameAlbums(IReadOnlyList<TrackRecord> tracks, string folder, int[] members, (string, string, GroupSource)[] albums)
    {
        var tagged = members.Where(i => Clean(tracks[i].Album) is not null)
            .GroupBy(i => Clean(tracks[i].Album)!.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        // No tag, or (in a folder that is one album) tags that disagree without a leader: the folder names the album.
        var split = tagged.Count(g => g.Count() >= 2) >= 2;
        if (tagged.Count == 0 || (!split && tagged.Count > 1 && tagged[0].Count() == tagged[1].Count()))
        {
            var name = Path.GetFileName(folder) is { Length: > 0 } n ? n : folder;
            foreach (var i in members)
            {
                albums[i] = (folder + "\n", name, GroupSource.Folder);
            }

            return;
        }

        var spelling = tagged.ToDictionary(g => g.Key, g => Spelling(g.Select(i => Clean(tracks[i].Album)!)), StringComparer.Ordinal);
        var common = tagged[0].Key;
        foreach (var i in members)
        {
            var own = Clean(tracks[i].Album)?.ToLowerInvariant();
            var key = split && own is not null ? own : common;
            var source = own == key ? GroupSource.Tag : GroupSource.FolderTag;
            albums[i] = (folder + "\n" + key, spelling[key], source);
        }
    }

    private static string[] UniqueNames((string Key, string Name, GroupSource Source)[] albums, string[] folders)
    {
        var nameOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in albums)
        {
            nameOf.TryAdd(a.Key, a.Name);
        }

        var clashing = nameOf.GroupBy(kv => kv.Value, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. albums.Select((a, i) => clashing.Contains(a.Name) ? $"{a.Name} ({folders[i]})" : a.Name)];
    }

    private static string? ArtistFolder(string albumFolder, string root)
    {
        var parent = Path.GetDirectoryName(albumFolder);
        if (parent is null || root.Length == 0)
        {
            return null;
        }

        parent = Trim(parent);
        return parent != root && IsUnder(parent, root) ? Path.GetFileName(parent) : null;
    }

    private static string Spelling(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    private static string CommonFolder(IEnumerable<string> folders)
    {
        string? common = null;
        foreach (var folder in folders.Select(Trim))
        {
            common = common is null ? folder : Common(common, folder);
        }

        return common ?? "";
    }

    private static string Common(string a, string b)
    {
        while (!IsUnder(b, a))
        {
            var up = Path.GetDirectoryName(a);
            if (up is null)
            {
                return "";
            }

            a = Trim(up);
        }

        return a;
    }

    /// <summary>Whether <paramref name="folder"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    private static bool IsUnder(string folder, string ancestor) =>
        folder == ancestor
        || (folder.StartsWith(ancestor, StringComparison.Ordinal)
            && (ancestor.EndsWith(Path.DirectorySeparatorChar) || folder[ancestor.Length] == Path.DirectorySeparatorChar));

    private static string Trim(string folder) =>
        folder.Length > 1 ? folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : folder;

    private static string? Clean(string? tag) => string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();

    [GeneratedRegex(@"^(cd|dis[ck])[ _\-]?\d{1,2}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DiscFolder();
}
