using System.Text;

namespace Timbre.Core.Text;

/// <summary>
/// Unicode Normalization Form KC (UAX #15): compatibility decomposition, canonical ordering, canonical composition.
/// Timbre builds with InvariantGlobalization, where <see cref="string.Normalize()"/> returns its input unchanged, so
/// the tables (nfkc.txt, made by <c>scripts/gen_nfkc_tables.py</c> from the Unicode Character Database) ship here.
/// </summary>
public static class Nfkc
{
    private const int SBase = 0xAC00;
    private const int LBase = 0x1100;
    private const int VBase = 0x1161;
    private const int TBase = 0x11A7;
    private const int LCount = 19;
    private const int VCount = 21;
    private const int TCount = 28;
    private const int NCount = VCount * TCount;
    private const int SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    /// <summary>Version of the Unicode Character Database the tables come from.</summary>
    public static string UnicodeVersion => Data.Value.Version;

    /// <summary>The NFKC form of <paramref name="text"/> (unpaired surrogates become U+FFFD).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var tables = Data.Value;
        var buffer = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, buffer, tables);
        }

        Reorder(buffer, tables);
        Compose(buffer, tables);
        var builder = new StringBuilder(buffer.Count);
        foreach (var codePoint in buffer)
        {
            builder.Append(new Rune(codePoint).ToString());
        }

        return builder.ToString();
    }

    private static void Decompose(int codePoint, List<int> buffer, Tables tables)
    {
        var s = codePoint - SBase;
        if (s is >= 0 and < SCount)
        {
            buffer.Add(LBase + (s / NCount));
            buffer.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                buffer.Add(TBase + (s % TCount));
            }
        }
        else if (tables.Decompositions.TryGetValue(codePoint, out var parts))
        {
            buffer.AddRange(parts);
        }
        else
        {
            buffer.Add(codePoint);
        }
    }

    // Stable sort of each run of non-starters by combining class.
    private static void Reorder(List<int> buffer, Tables tables)
    {
        for (var i = 1; i < buffer.Count; i++)
        {
            var cls = tables.ClassOf(buffer[i]);
            if (cls == 0)
            {
                continue;
            }

            for (var j = i; j > 0 && tables.ClassOf(buffer[j - 1]) > cls; j--)
            {
                (buffer[j - 1], buffer[j]) = (buffer[j], buffer[j - 1]);
            }
        }
    }

    // UAX #15 canonical composition: a character joins the last starter unless a character between them is blocking.
    private static void Compose(List<int> buffer, Tables tables)
    {
        if (buffer.Count == 0)
        {
            return;
        }

        var starterPos = tables.ClassOf(buffer[0]) == 0 ? 0 : -1; // -1: no starter yet
        var lastClass = 0;
        var written = 1;
        for (var i = 1; i < buffer.Count; i++)
        {
            var c = buffer[i];
            var cls = tables.ClassOf(c);
            var composite = starterPos >= 0 ? ComposePair(buffer[starterPos], c, tables) : -1;
            if (composite >= 0 && (lastClass == 0 || lastClass < cls))
            {
                buffer[starterPos] = composite;
                continue;
            }

            if (cls == 0)
            {
                starterPos = written;
            }

            lastClass = cls;
            buffer[written++] = c;
        }

        buffer.RemoveRange(written, buffer.Count - written);
    }

    private static int ComposePair(int first, int second, Tables tables)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            return SBase + (((first - LBase) * VCount) + (second - VBase)) * TCount;
        }

        var s = first - SBase;
        if (s is >= 0 and < SCount && s % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            return first + (second - TBase);
        }

        return tables.Composites.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : -1;
    }

    private sealed class Tables
    {
        public string Version { get; private set; } = "";

        public Dictionary<int, int[]> Decompositions { get; } = [];

        public Dictionary<int, byte> Classes { get; } = [];

        public Dictionary<long, int> Composites { get; } = [];

        public int ClassOf(int codePoint) => codePoint < 0x300 ? 0 : Classes.GetValueOrDefault(codePoint);

        public static Tables Load()
        {
            var tables = new Tables();
            using var stream = typeof(Nfkc).Assembly.GetManifestResourceStream("Timbre.Core.Text.nfkc.txt")
                ?? throw new InvalidOperationException("The NFKC tables are missing from Timbre.Core.");
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split(' ');
                switch (fields[0])
                {
                    case "v":
                        tables.Version = fields[1];
                        break;
                    case "d":
                        tables.Decompositions[Hex(fields[1])] = fields[2..].Select(Hex).ToArray();
                        break;
                    case "c":
                        tables.Classes[Hex(fields[1])] = byte.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "p":
                        tables.Composites[((long)Hex(fields[1]) << 21) | (uint)Hex(fields[2])] = Hex(fields[3]);
                        break;
                }
            }

            return tables;
        }

        private static int Hex(string text) => int.Parse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }
}
