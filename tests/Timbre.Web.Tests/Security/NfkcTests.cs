using System.Globalization;
using System.Text;
using Timbre.Core.Catalog;
using Timbre.Core.Text;

namespace Timbre.Web.Tests.Security;

/// <summary>
/// Timbre's own NFKC (the build is globalization-invariant, where string.Normalize does nothing) against 3000
/// random strings normalised by CPython's unicodedata (scripts/gen_nfkc_tables.py writes both).
/// </summary>
public sealed class NfkcTests
{
    [Fact]
    public void Matches_the_reference_normaliser_on_every_vector()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Security", "nfkc-vectors.txt"));
        Assert.Equal(3000, lines.Length);
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var (input, expected) = (Decode(line.Split(';')[0]), Decode(line.Split(';')[1]));
            var actual = Nfkc.Normalize(input);
            if (actual != expected)
            {
                failures.Add($"{line} -> {Encode(actual)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mismatches, e.g.:\n{string.Join('\n', failures.Take(10))}");
    }

    [Theory]
    [InlineData("ｆｕｌｌ", "full")]
    [InlineData("e\u0301", "\u00E9")] // composed
    [InlineData("\uFB01le", "file")] // ligature
    [InlineData("\U0001D400BC", "ABC")] // mathematical bold
    [InlineData("x\u00B2", "x2")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose
    [InlineData("a\u0328\u0301", "\u0105\u0301")] // ogonek (202) sorts before acute (230); ą composes, acute stays
    [InlineData("plain ascii", "plain ascii")]
    public void Normalises_known_cases(string input, string expected) => Assert.Equal(expected, Nfkc.Normalize(input));

    [Fact]
    public void Name_keys_fold_case_and_compatibility_forms()
    {
        Assert.Equal(UserNames.Key("émile"), UserNames.Key("ÉMILE"));
        Assert.Equal(UserNames.Key("émile"), UserNames.Key("E\u0301mile"));
        Assert.Equal(UserNames.Key("admin"), UserNames.Key("ＡＤＭＩＮ"));
        Assert.NotEqual(UserNames.Key("admin"), UserNames.Key("\u0430dmin"));
    }

    private static string Decode(string hex) =>
        string.Concat(hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => new Rune(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()));

    private static string Encode(string text) => string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X", CultureInfo.InvariantCulture)));
}
