namespace Timbre.Data.Corpus.Styles;

/// <summary>A chord relative to the key: root offset in semitones above the tonic and intervals above the root.</summary>
/// <param name="Symbol">The roman numeral it was parsed from.</param>
/// <param name="Root">Semitones above the tonic, 0–11.</param>
/// <param name="Intervals">Semitones above the root, ascending, starting with 0.</param>
public sealed record Chord(string Symbol, int Root, IReadOnlyList<int> Intervals)
{
    private static readonly int[] MajorScaleDegrees = [0, 2, 4, 5, 7, 9, 11];
    private static readonly string[] Numerals = ["VII", "VI", "V", "IV", "III", "II", "I"];
    private static readonly int[] NumeralDegree = [6, 5, 4, 3, 2, 1, 0];

    /// <summary>True when the chord has a minor third.</summary>
    public bool IsMinor => Intervals.Contains(3) && !Intervals.Contains(4);

    /// <summary>The third above the root (3 or 4; 4 for power/sus chords so melodies still have a target).</summary>
    public int Third => Intervals.Contains(3) ? 3 : 4;

    /// <summary>The seventh if present, else null.</summary>
    public int? Seventh => Intervals.Where(i => i is 9 or 10 or 11).Select(i => (int?)i).FirstOrDefault();

    /// <summary>
    /// Parses a roman numeral: optional 'b'/'#', numeral I–VII (upper case major, lower case minor), optional suffix
    /// "7" (dominant on major, minor seventh on minor), "maj7", "dim", "m7b5", "sus4", "5" (power chord), "6".
    /// </summary>
    public static Chord Parse(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        string s = symbol;
        int shift = 0;
        if (s.StartsWith('b'))
        {
            shift = -1;
            s = s[1..];
        }
        else if (s.StartsWith('#'))
        {
            shift = 1;
            s = s[1..];
        }

        for (int n = 0; n < Numerals.Length; n++)
        {
            string numeral = Numerals[n];
            if (s.Length < numeral.Length || !s[..numeral.Length].Equals(numeral, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string written = s[..numeral.Length];
            if (written != numeral && written != numeral.ToLowerInvariant())
            {
                continue;
            }

            bool minor = written == numeral.ToLowerInvariant();
            string suffix = s[numeral.Length..];
            int root = ((MajorScaleDegrees[NumeralDegree[n]] + shift) % 12 + 12) % 12;
            int[] intervals = suffix switch
            {
                "" => minor ? [0, 3, 7] : [0, 4, 7],
                "7" => minor ? [0, 3, 7, 10] : [0, 4, 7, 10],
                "maj7" => minor ? [0, 3, 7, 11] : [0, 4, 7, 11],
                "6" => minor ? [0, 3, 7, 9] : [0, 4, 7, 9],
                "dim" => [0, 3, 6],
                "m7b5" => [0, 3, 6, 10],
                "sus4" => [0, 5, 7],
                "5" => [0, 7],
                _ => throw new FormatException($"Unknown chord suffix '{suffix}' in '{symbol}'."),
            };
            return new Chord(symbol, root, intervals);
        }

        throw new FormatException($"Not a roman-numeral chord: '{symbol}'.");
    }

    /// <summary>Parses a space-separated progression, one chord per bar.</summary>
    public static IReadOnlyList<Chord> ParseProgression(string progression) =>
        progression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
}
