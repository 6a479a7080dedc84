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
