using System.Globalization;
using Timbre.Data.Csv;

namespace Timbre.Data.Corpus;

/// <summary>One track of a generated album library (a row of albums.csv).</summary>
/// <param name="Path">Track path relative to the library root, '/' separated ("Artist 01/Album 02/Track 03.wav").</param>
/// <param name="Artist">Artist name (also the file's IART tag).</param>
/// <param name="Album">Album name (also the file's IPRD tag).</param>
/// <param name="Genre">Genre style the album was narrowed from.</param>
/// <param name="Seed">Seed the track was composed from.</param>
/// <param name="Tempo">Quarter notes per minute.</param>
/// <param name="Key">Key, e.g. "F#m".</param>
/// <param name="Meter">Beats per bar.</param>
/// <param name="Instruments">Role → GM program list.</param>
/// <param name="Patterns">Role → pattern names.</param>
/// <param name="Seconds">Track length.</param>
/// <param name="SampleRate">Sample rate in Hz.</param>
public sealed record AlbumTrackEntry(
    string Path, string Artist, string Album, string Genre, ulong Seed, int Tempo, string Key, int Meter, string Instruments, string Patterns, double Seconds, int SampleRate);

/// <summary>
/// Reads and writes albums.csv, the manifest of a generated album library. It is deliberately not named manifest.csv:
/// the library stands for a user's music (folders are albums), not for a genre-labelled training corpus.
/// </summary>
public static class AlbumManifest
{
    /// <summary>File name of the manifest inside a library root.</summary>
    public const string FileName = "albums.csv";

    private static readonly string[] Header = ["path", "artist", "album", "genre", "seed", "tempo", "key", "meter", "instruments", "patterns", "seconds", "sample_rate"];

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Write(string path, IEnumerable<AlbumTrackEntry> entries)
    {
        var c = CultureInfo.InvariantCulture;
        CsvTable.Write(path, Header, entries.Select(e => new[]
        {
            e.Path, e.Artist, e.Album, e.Genre, e.Seed.ToString(c), e.Tempo.ToString(c), e.Key, e.Meter.ToString(c), e.Instruments, e.Patterns, e.Seconds.ToString("R", c), e.SampleRate.ToString(c),
        }));
    }

    /// <summary>Reads a manifest; a missing or foreign file gives an empty list.</summary>
    public static IReadOnlyList<AlbumTrackEntry> Read(string path)
    {
        var c = CultureInfo.InvariantCulture;
        return CsvTable.Read(path, Header).Select(r => new AlbumTrackEntry(
            r[0], r[1], r[2], r[3], ulong.Parse(r[4], c), int.Parse(r[5], c), r[6], int.Parse(r[7], c), r[8], r[9], double.Parse(r[10], c), int.Parse(r[11], c))).ToList();
    }
}
