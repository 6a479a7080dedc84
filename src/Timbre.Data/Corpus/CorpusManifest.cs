using System.Globalization;
using Timbre.Data.Csv;

namespace Timbre.Data.Corpus;

/// <summary>One row of a generated corpus's manifest.csv.</summary>
/// <param name="Path">Clip path relative to the corpus root, '/' separated (e.g. "blues/blues.00012.wav").</param>
/// <param name="Genre">Genre label.</param>
/// <param name="Seed">Seed the clip was composed from.</param>
/// <param name="Tempo">Quarter notes per minute.</param>
/// <param name="Key">Key, e.g. "F#m".</param>
/// <param name="Meter">Beats per bar.</param>
/// <param name="Instruments">Role → GM program list.</param>
/// <param name="Patterns">Role → pattern names.</param>
/// <param name="Seconds">Clip length.</param>
/// <param name="SampleRate">Sample rate in Hz.</param>
public sealed record ManifestEntry(
    string Path, string Genre, ulong Seed, int Tempo, string Key, int Meter, string Instruments, string Patterns, double Seconds, int SampleRate);

/// <summary>Reads and writes the corpus manifest (CSV with a header row).</summary>
public static class CorpusManifest
{
    /// <summary>File name of the manifest inside a corpus root.</summary>
    public const string FileName = "manifest.csv";

    private static readonly string[] Header = ["path", "genre", "seed", "tempo", "key", "meter", "instruments", "patterns", "seconds", "sample_rate"];

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Write(string path, IEnumerable<ManifestEntry> entries)
    {
        var c = CultureInfo.InvariantCulture;
        CsvTable.Write(path, Header, entries.Select(e => new[]
        {
            e.Path, e.Genre, e.Seed.ToString(c), e.Tempo.ToString(c), e.Key, e.Meter.ToString(c), e.Instruments, e.Patterns,
            e.Seconds.ToString("R", c), e.SampleRate.ToString(c),
        }));
    }

    /// <summary>Reads a manifest; a missing file gives an empty list.</summary>
    public static IReadOnlyList<ManifestEntry> Read(string path)
    {
        return CsvTable.Read(path, Header).Select(r => new ManifestEntry(
            r[0], r[1], ulong.Parse(r[2], CultureInfo.InvariantCulture), int.Parse(r[3], CultureInfo.InvariantCulture), r[4],
            int.Parse(r[5], CultureInfo.InvariantCulture), r[6], r[7], double.Parse(r[8], CultureInfo.InvariantCulture),
            int.Parse(r[9], CultureInfo.InvariantCulture))).ToList();
    }
}
