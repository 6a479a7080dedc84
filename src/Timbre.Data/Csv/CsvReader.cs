using System.Text;

namespace Timbre.Data.Csv;

/// <summary>
/// RFC 4180 CSV reader: fields separated by commas, optionally in double quotes; inside quotes, "" is a quote and
/// commas and line breaks are literal. Accepts LF and CRLF line ends.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads every record from <paramref name="reader"/>. Blank lines are skipped.</summary>
    /// <exception cref="FormatException">A quoted field is never closed.</exception>
    public static IEnumerable<string[]> ReadAll(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool fieldStarted = false;
        long line = 1;
        while (true)
        {
            int next = reader.Read();
            if (next == -1)
            {
                if (quoted)
                {
                    throw new FormatException($"CSV: a quoted field opened before line {line} is never closed.");
                }

                if (fieldStarted || fields.Count > 0)
                {
                    fields.Add(field.ToString());
                    yield return fields.ToArray();
                }

                yield break;
            }

            char c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    line++;
                    if (fieldStarted || fields.Count > 0 || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return fields.ToArray();
                    }

                    fields.Clear();
                    field.Clear();
                    fieldStarted = false;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
    }

    /// <summary>Quotes <paramref name="field"/> when it holds a comma, quote or line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
