using System.CommandLine;
using Timbre.App.Playlists;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;

namespace Timbre.Cli.Recommending;

/// <summary>
/// <c>--m3u FILE</c> and <c>--xspf FILE</c> on the commands that print a list of songs (<c>recommend</c>,
/// <c>user recommend</c>, <c>playlist</c>, <c>radio</c>): the same list is also written as a playlist file any player
/// opens (absolute paths; M3U8 in UTF-8, XSPF with file:// URIs). The table or JSON still goes to stdout; the
/// "wrote" line goes to stderr.
/// </summary>
internal sealed class PlaylistOutput
{
    /// <summary>The --m3u option.</summary>
    public Option<string?> M3u { get; } = new("--m3u") { Description = "Also write the songs as an M3U8 playlist to this file." };

    /// <summary>The --xspf option.</summary>
    public Option<string?> Xspf { get; } = new("--xspf") { Description = "Also write the songs as an XSPF playlist to this file." };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(M3u);
        command.Options.Add(Xspf);
    }

    /// <summary>The files asked for in a parse result.</summary>
    public (string? M3u, string? Xspf) Files(ParseResult parse) => (parse.GetValue(M3u), parse.GetValue(Xspf));

    /// <summary>Writes the tracks to each file asked for; an unwritable file is a one-line error naming it.</summary>
    public static void Write(CatalogSnapshot snapshot, string title, IReadOnlyList<long> ids, (string? M3u, string? Xspf) files)
    {
        foreach (var (file, format) in new[] { (files.M3u, PlaylistFormat.M3u8), (files.Xspf, PlaylistFormat.Xspf) })
        {
            if (file is null)
            {
                continue;
            }

            var entries = ids.Select(snapshot.FindTrack).OfType<Timbre.Recommendation.Domain.TrackFeatures>()
                .Select(t => new PlaylistEntry(Path.GetFullPath(t.Path), t.Title, t.Artist, t.DurationSeconds))
                .ToList();
            try
            {
                File.WriteAllText(file, PlaylistFiles.Write(format, title, entries));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TimbreException($"{file}: cannot write the playlist ({e.Message}).", e);
            }

            Console.Error.WriteLine($"wrote {entries.Count} songs to {file}");
        }
    }
}
