using Timbre.Core.Errors;
using Timbre.Data.Csv;

namespace Timbre.Data.Loaders;

/// <summary>
/// Loads a CSV manifest with a header row holding "path" and "label" (or "genre") columns, optional "artist" and
/// "track_id". Relative paths are resolved against the manifest's folder. Timbre's generated manifest.csv loads as is.
/// </summary>
public static class ManifestLoader
{
    /// <summary>Loads <paramref name="csvPath"/>.</summary>
    /// <exception cref="TimbreException">The file is missing or lacks the required columns.</exception>
    public static ILabelledCorpus Load(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new TimbreException($"Manifest '{csvPath}' does not exist.");
        }

        string baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        using var reader = new StreamReader(csvPath);
        List<string[]> rows = CsvReader.ReadAll(reader).ToList();
        if (rows.Count == 0)
        {
            throw new TimbreException($"Manifest '{csvPath}' is empty.");
        }

        string[] header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int path = Array.IndexOf(header, "path");
        int label = Array.IndexOf(header, "label") is int l and >= 0 ? l : Array.IndexOf(header, "genre");
        int artist = Array.IndexOf(header, "artist");
        int track = Array.IndexOf(header, "track_id");
        if (path < 0 || label < 0)
        {
            throw new TimbreException($"Manifest '{csvPath}' needs a header with 'path' and 'label' (or 'genre') columns.");
        }

        var items = new List<CorpusItem>();
        var skipped = new List<SkippedItem>();
        foreach (string[] row in rows.Skip(1))
        {
            string Field(int i) => i >= 0 && i < row.Length ? row[i].Trim() : "";
            string relative = Field(path);
            string file = Path.GetFullPath(Path.Combine(baseDir, relative));
            if (relative.Length == 0 || Field(label).Length == 0)
            {
                skipped.Add(new SkippedItem(file, "row has no path or no label"));
                continue;
            }

            if (AudioHeaderCheck.Problem(file) is string problem)
            {
                skipped.Add(new SkippedItem(file, problem));
                continue;
            }

            string id = Field(track) is { Length: > 0 } t ? t : relative.Replace('\\', '/')[..^Path.GetExtension(relative).Length];
            items.Add(new CorpusItem(file, Field(label), id, Field(artist) is { Length: > 0 } a ? a : null));
        }

        return new LabelledCorpus($"manifest:{csvPath}", items, skipped);
    }
}
