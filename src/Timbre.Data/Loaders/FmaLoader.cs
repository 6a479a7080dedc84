using System.Globalization;
using Timbre.Core.Errors;
using Timbre.Data.Csv;

namespace Timbre.Data.Loaders;

/// <summary>FMA subsets; each includes the smaller ones (small ⊂ medium ⊂ large).</summary>
public enum FmaSubset
{
    /// <summary>8 000 tracks, 8 balanced genres.</summary>
    Small,
    /// <summary>25 000 tracks, 16 unbalanced genres.</summary>
    Medium,
    /// <summary>106 574 tracks.</summary>
    Large,
}

/// <summary>
/// Loads the Free Music Archive dataset: ROOT/fma_metadata/tracks.csv (two header rows naming (group, column), then a
/// "track_id" row) and audio at ROOT/fma_&lt;size&gt;/000/000002.mp3 (track id zero-padded to 6 digits, first 3 as the
/// folder). Label = ("track", "genre_top"); artist = ("artist", "name"); subset from ("set", "subset").
/// </summary>
public static class FmaLoader
{
    /// <summary>Loads <paramref name="subset"/> from <paramref name="root"/>; audio from <paramref name="audioDirectory"/> (default ROOT/fma_&lt;subset&gt;).</summary>
    /// <exception cref="TimbreException">tracks.csv is missing or lacks the needed columns.</exception>
    public static ILabelledCorpus Load(string root, FmaSubset subset = FmaSubset.Small, string? audioDirectory = null)
    {
        string tracksCsv = Path.Combine(root, "fma_metadata", "tracks.csv");
        if (!File.Exists(tracksCsv))
        {
            throw new TimbreException($"FMA metadata '{tracksCsv}' does not exist.");
        }

        string audio = Path.GetFullPath(audioDirectory ?? Path.Combine(root, "fma_" + subset.ToString().ToLowerInvariant()));
        using var reader = new StreamReader(tracksCsv);
        using IEnumerator<string[]> rows = CsvReader.ReadAll(reader).GetEnumerator();
        string[] groups = rows.MoveNext() ? rows.Current : throw new TimbreException($"'{tracksCsv}' is empty.");
        string[] names = rows.MoveNext() ? rows.Current : throw new TimbreException($"'{tracksCsv}' lacks its second header row.");
        int genre = Column(groups, names, "track", "genre_top", tracksCsv);
        int set = Column(groups, names, "set", "subset", tracksCsv);
        int artist = Column(groups, names, "artist", "name", tracksCsv);

        var items = new List<CorpusItem>();
        var skipped = new List<SkippedItem>();
        while (rows.MoveNext())
        {
            string[] row = rows.Current;
            if (row.Length == 0 || row[0] == "track_id" || !int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                continue;
            }

            string Field(int i) => i < row.Length ? row[i].Trim() : "";
            if (!InSubset(Field(set), subset))
            {
                continue;
            }

            string padded = id.ToString("D6", CultureInfo.InvariantCulture);
            string file = Path.Combine(audio, padded[..3], padded + ".mp3");
            string label = Field(genre);
            if (label.Length == 0)
            {
                skipped.Add(new SkippedItem(file, "no top-level genre"));
                continue;
            }

            if (AudioHeaderCheck.Problem(file) is string problem)
            {
                skipped.Add(new SkippedItem(file, problem));
                continue;
            }

            items.Add(new CorpusItem(file, label, padded, Field(artist) is { Length: > 0 } a ? a : null));
        }

        return new LabelledCorpus($"fma-{subset.ToString().ToLowerInvariant()}:{root}", items, skipped);
    }

    private static bool InSubset(string value, FmaSubset subset) => value.ToLowerInvariant() switch
    {
        "small" => true,
        "medium" => subset >= FmaSubset.Medium,
        "large" => subset >= FmaSubset.Large,
        _ => false,
    };

    private static int Column(string[] groups, string[] names, string group, string name, string file)
    {
        for (int i = 0; i < Math.Min(groups.Length, names.Length); i++)
        {
            if (groups[i].Trim() == group && names[i].Trim() == name)
            {
                return i;
            }
        }

        throw new TimbreException($"'{file}' has no ('{group}', '{name}') column.");
    }
}
