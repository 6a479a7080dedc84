using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Timbre.Recommendation.Ranking;

/// <summary>Normalised "title|artist" key for near-duplicate detection.</summary>
public static class TrackKey
{
    /// <summary>
    /// Lower-case letters and digits of title and artist, with bracketed parts ("(Remastered 2011)", "[Live]")
    /// removed; null when the title is empty (untagged tracks are never duplicates by name).
    /// </summary>
    public static string? Of(string title, string artist)
    {
        var t = Clean(title);
        return t.Length == 0 ? null : t + "|" + Clean(artist);
    }

    /// <summary>
    /// The two keys the selection compares, as 64-bit hashes (0 = none): <see cref="Of"/>'s near-duplicate key and the
    /// artist the per-artist cap counts (trimmed, case-insensitive). A served snapshot keeps them per row, so choosing
    /// among candidates reads no tags from the catalog.
    /// </summary>
    public static (ulong Name, ulong Artist) Hashes(string title, string artist)
        => (Hash(Of(title, artist)), string.IsNullOrWhiteSpace(artist) ? 0 : Hash(artist.Trim().ToUpperInvariant()));

    private static ulong Hash(string? key)
    {
        if (key is null)
        {
            return 0;
        }

        var h = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()));
        return h == 0 ? 1 : h;
    }

    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        var depth = 0;
        foreach (var ch in s)
        {
            if (ch is '(' or '[')
            {
                depth++;
            }
            else if (ch is ')' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }
}
