using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Timbre.Core.Errors;

namespace Timbre.App.Playlists;

/// <summary>
/// Writes and reads playlist files: extended M3U (UTF-8, <c>#EXTM3U</c> / <c>#EXTINF:seconds,Artist - Title</c>, one
/// location per line) and XSPF 1 (<c>playlist/trackList/track</c> with <c>location</c> as a <c>file://</c> URI,
/// <c>title</c>, <c>creator</c>, <c>duration</c> in ms). Reading never opens what a playlist names: it only returns the
/// entries. The CLI (<c>--m3u</c>, <c>--xspf</c>, <c>user import-m3u</c>) and the web download both use this class.
/// </summary>
public static class PlaylistFiles
{
    private static readonly XNamespace Xspf = "http://xspf.org/ns/0/";

    /// <summary>The format a file name asks for by its extension (<c>.m3u</c>, <c>.m3u8</c>, <c>.xspf</c>), or null.</summary>
    public static PlaylistFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".m3u" or ".m3u8" => PlaylistFormat.M3u8,
        ".xspf" => PlaylistFormat.Xspf,
        _ => null,
    };

    /// <summary>The MIME type of a format.</summary>
    public static string ContentType(PlaylistFormat format) =>
        format == PlaylistFormat.Xspf ? "application/xspf+xml" : "audio/x-mpegurl";

    /// <summary>The playlist as text in <paramref name="format"/>.</summary>
    public static string Write(PlaylistFormat format, string title, IReadOnlyList<PlaylistEntry> entries) =>
        format == PlaylistFormat.Xspf ? WriteXspf(title, entries) : WriteM3u8(title, entries);

    /// <summary>Extended M3U: <c>#EXTM3U</c>, <c>#PLAYLIST:title</c>, then <c>#EXTINF</c> and the location per entry.</summary>
    public static string WriteM3u8(string title, IReadOnlyList<PlaylistEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder("#EXTM3U\n");
        text.Append("#PLAYLIST:").Append(OneLine(title)).Append('\n');
        foreach (var e in entries)
        {
            var seconds = e.DurationSeconds is { } d ? ((long)Math.Round(d)).ToString(CultureInfo.InvariantCulture) : "-1";
            var name = string.IsNullOrWhiteSpace(e.Artist) ? OneLine(e.Title ?? "") : $"{OneLine(e.Artist)} - {OneLine(e.Title ?? "")}";
            text.Append("#EXTINF:").Append(seconds).Append(',').Append(name).Append('\n');
            text.Append(OneLine(e.Location)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>XSPF 1 with a <c>file://</c> location for absolute paths (URLs and relative paths are written as given).</summary>
    public static string WriteXspf(string title, IReadOnlyList<PlaylistEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new XElement(Xspf + "trackList");
        foreach (var e in entries)
        {
            var track = new XElement(Xspf + "track", new XElement(Xspf + "location", ToUri(e.Location)));
            if (!string.IsNullOrWhiteSpace(e.Title))
            {
                track.Add(new XElement(Xspf + "title", e.Title));
            }

            if (!string.IsNullOrWhiteSpace(e.Artist))
            {
                track.Add(new XElement(Xspf + "creator", e.Artist));
            }

            if (e.DurationSeconds is { } d)
            {
                track.Add(new XElement(Xspf + "duration", ((long)Math.Round(d * 1000)).ToString(CultureInfo.InvariantCulture)));
            }

            list.Add(track);
        }

        var doc = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Xspf + "playlist", new XAttribute("version", "1"), new XElement(Xspf + "title", title), list));
        using var writer = new Utf8StringWriter();
        doc.Save(writer);
        return writer.ToString() + "\n";
    }

    /// <summary>Reads a playlist file (format by extension, else by content); a damaged file is a <see cref="TimbreException"/> naming it.</summary>
    public static IReadOnlyList<PlaylistEntry> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > 16 * 1024 * 1024)
            {
                throw new TimbreException($"{path}: a playlist larger than 16 MB is not read.");
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TimbreException($"{path}: cannot read the playlist ({e.Message}).", e);
        }

        var format = FormatOf(path) ?? (text.TrimStart().StartsWith('<') ? PlaylistFormat.Xspf : PlaylistFormat.M3u8);
        return format == PlaylistFormat.Xspf ? ReadXspf(text, path) : ReadM3u(text);
    }

    /// <summary>The entries of an M3U or extended M3U text; comments other than <c>#EXTINF</c> are skipped.</summary>
    public static IReadOnlyList<PlaylistEntry> ReadM3u(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<PlaylistEntry>();
        (double? Seconds, string? Artist, string? Title)? info = null;
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("#EXTINF:", StringComparison.OrdinalIgnoreCase))
            {
                info = ParseExtInf(line["#EXTINF:".Length..]);
            }
            else if (!line.StartsWith('#'))
            {
                entries.Add(new PlaylistEntry(line, info?.Title, info?.Artist, info?.Seconds));
                info = null;
            }
        }

        return entries;
    }

    /// <summary>The entries of an XSPF text; <c>file://</c> locations become local paths.</summary>
    public static IReadOnlyList<PlaylistEntry> ReadXspf(string text, string name = "playlist")
    {
        XDocument doc;
        try
        {
            // No DTD, no external entities: a playlist cannot make the reader fetch anything.
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new TimbreException($"{name}: not a valid XSPF playlist ({e.Message}).", e);
        }

        if (doc.Root is not { } root || root.Name.LocalName != "playlist")
        {
            throw new TimbreException($"{name}: not an XSPF playlist (the root element is not <playlist>).");
        }

        var ns = root.Name.Namespace;
        return root.Element(ns + "trackList")?.Elements(ns + "track").Select(t => new PlaylistEntry(
                FromUri(t.Element(ns + "location")?.Value.Trim() ?? ""),
                t.Element(ns + "title")?.Value,
                t.Element(ns + "creator")?.Value,
                double.TryParse(t.Element(ns + "duration")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms / 1000 : null))
            .ToList() ?? [];
    }

    private static (double?, string?, string?) ParseExtInf(string value)
    {
        var comma = value.IndexOf(',');
        var secondsText = comma < 0 ? value : value[..comma];
        double? seconds = double.TryParse(secondsText.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : null;
        var name = comma < 0 ? "" : value[(comma + 1)..].Trim();
        var dash = name.IndexOf(" - ", StringComparison.Ordinal);
        return dash < 0 ? (seconds, null, name.Length == 0 ? null : name) : (seconds, name[..dash].Trim(), name[(dash + 3)..].Trim());
    }

    private static string ToUri(string location) =>
        Path.IsPathFullyQualified(location) ? new Uri(location).AbsoluteUri : location;

    private static string FromUri(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : location;

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
