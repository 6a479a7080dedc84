using System.Text;

namespace Timbre.Data.Csv;

/// <summary>A CSV file with a fixed header row, written atomically and read back only when the header matches.</summary>
public static class CsvTable
{
    /// <summary>Writes the header and <paramref name="rows"/> (quoted as needed) to <paramref name="path"/> through a temp file and a rename.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder().Append(string.Join(',', header)).Append('\n');
        foreach (var fields in rows)
        {
            text.Append(string.Join(',', fields.Select(CsvReader.Quote))).Append('\n');
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The data rows of <paramref name="path"/> that have as many fields as the header; none when the file is missing or its header differs.</summary>
    public static IReadOnlyList<string[]> Read(string path, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new StreamReader(path);
        var rows = CsvReader.ReadAll(reader).ToList();
        if (rows.Count == 0 || !rows[0].SequenceEqual(header))
        {
            return [];
        }

        return [.. rows.Skip(1).Where(r => r.Length == header.Count)];
    }
}
