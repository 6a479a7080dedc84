using System.Globalization;
using System.Text;
using Spectre.Console;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Csv;
using Timbre.Data.Loaders;

namespace Timbre.Cli.Demo;

/// <summary>
/// Where the demo's genre labels come from. Genres come from a labelled genre corpus (the generated library, a
/// folder with a manifest.csv, a GTZAN tree, or sub-folders declared genres with <c>--genre-folders</c>), else from
/// the files' genre tags — never from the folders of a music library, which are albums and artists.
/// </summary>
internal static class DemoGenres
{
    /// <summary>
    /// Tracks a genre tag needs before the demo trains on it: 10, so each genre keeps a few test and validation tracks.
    /// With 3, the dev set's stray tags (20 "Soundtrack", 3 "Ambient" among 163 tracks) trained a two-genre model on
    /// 23 tracks that then scanned the whole library instead of the summary features and the contrastive encoder.
    /// </summary>
    public const int MinTracksPerTag = 10;

    /// <summary>File the tag labels are written to (a manifest the training corpus loader reads), inside the output folder.</summary>
    public const string TagManifest = "genre-tags.csv";

    /// <summary>Whether the library's folder names are genre labels (a labelled corpus rather than a music library).</summary>
    public static bool FoldersAreGenres(DemoOptions options, string library) =>
        options.Library is null
        || options.GenreFolders
        || File.Exists(Path.Combine(library, CorpusManifest.FileName))
        || Directory.Exists(Path.Combine(library, "genres"))
        || Directory.Exists(Path.Combine(library, "genres_original"));

    /// <summary>
    /// The corpus the genre model trains on: the library itself when its folders are genres; else a manifest of the
    /// tracks whose genre tag is shared by at least <see cref="MinTracksPerTag"/> tracks (written to OUT); null when
    /// fewer than two such genres exist (then there is no genre model to train).
    /// </summary>
    public static string? TrainingCorpus(IAnsiConsole console, DemoOptions options, string library, IAudioDecoder decoder)
    {
        if (FoldersAreGenres(options, library))
        {
            return library;
        }

        string[] files = [.. Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories)
            .Where(f => AudioHeaderCheck.AudioExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)];
        var tagged = DemoProgress.Run(console, $"reading the genre tags of {files.Length} files", report =>
        {
            var found = new List<(string Path, string Genre)>();
            for (int i = 0; i < files.Length; i++)
            {
                if (GenreTag(decoder, files[i]) is { } genre)
                {
                    found.Add((files[i], genre));
                }

                report(i + 1, files.Length);
            }

            return found;
        });
        var usable = tagged.GroupBy(t => t.Genre, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() >= MinTracksPerTag).ToList();
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"genre tags: {tagged.Count} of {files.Length} files tagged, {usable.Count} genres with ≥ {MinTracksPerTag} tracks (folders are albums and artists, never genres)"));
        if (usable.Count < 2)
        {
            return null;
        }

        var csv = new StringBuilder("path,label\n");
        foreach (var (path, label) in usable.SelectMany(g => g.Select(t => (t.Path, Label: g.Key))).OrderBy(t => t.Path, StringComparer.Ordinal))
        {
            csv.Append(CsvReader.Quote(path)).Append(',').Append(CsvReader.Quote(label)).Append('\n');
        }

        Directory.CreateDirectory(options.Root);
        string manifest = Path.Combine(options.Root, TagManifest);
        File.WriteAllText(manifest, csv.ToString(), new UTF8Encoding(false));
        return manifest;
    }

    private static string? GenreTag(IAudioDecoder decoder, string file)
    {
        try
        {
            return decoder.Probe(file).Tags.TryGetValue("genre", out var g) && !string.IsNullOrWhiteSpace(g) ? g.Trim() : null;
        }
        catch (TimbreException)
        {
            return null; // unreadable files are reported by the scan
        }
    }
}
