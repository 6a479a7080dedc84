using System.Globalization;
using System.Text;
using Timbre.Core.Text;

namespace Timbre.Core.Catalog;

/// <summary>
/// User names as people see them: NFKC-normalised (fullwidth and other compatibility forms become their plain
/// letters), trimmed, inner whitespace collapsed to one space. Names that could pass for another are refused:
/// invisible characters (zero-width space, joiners, bidi controls, every Unicode format character), control and
/// private-use characters, and letters of more than one script (e.g. a Cyrillic 'а' in a Latin "admin"; Han may mix
/// with Hiragana/Katakana, Hangul or Latin as Japanese and Korean names do). Uniqueness is on <see cref="Key"/>.
/// </summary>
public static class UserNames
{
    /// <summary>Longest name, in UTF-16 code units after normalisation.</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// The name normalised for storage and display, or null with <paramref name="problem"/> saying (to a person) why
    /// the name cannot be used.
    /// </summary>
    public static string? Normalize(string? raw, out string problem)
    {
        problem = "";
        var name = CollapseWhitespace(Nfkc.Normalize(raw ?? ""));
        if (name.Length is 0 or > MaxLength)
        {
            problem = $"Choose a name of 1–{MaxLength} characters.";
            return null;
        }

        var scripts = new HashSet<Script>();
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (IsInvisibleOrUnsafe(category) || BlankLetters.Contains(rune.Value))
            {
                problem = $"The name contains an invisible or control character (U+{rune.Value:X4}); use visible letters, digits and punctuation only.";
                return null;
            }

            if (Rune.IsLetter(rune))
            {
                scripts.Add(ScriptOf(rune.Value));
            }
        }

        if (!IsSingleScript(scripts))
        {
            problem = $"The name mixes letters of different scripts ({string.Join(", ", scripts.Order())}), so it could pass for another name; use letters of one script.";
            return null;
        }

        return name;
    }

    /// <summary>
    /// The comparison key of a name: <see cref="Normalize"/>'s form (without the checks), case-folded. Two names
    /// with the same key are the same user.
    /// </summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normal = CollapseWhitespace(Nfkc.Normalize(name));
        // Upper then lower folds pairs that lower-casing alone keeps apart (e.g. 'ſ' and 's', 'K' Kelvin and 'k').
        return Nfkc.Normalize(normal.ToUpperInvariant().ToLowerInvariant());
    }

    // Letters and symbols that draw nothing (Hangul fillers, the Braille blank, the Khmer inherent vowels).
    private static readonly HashSet<int> BlankLetters = [0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0];

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsInvisibleOrUnsafe(UnicodeCategory category) => category is
        UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsSingleScript(HashSet<Script> scripts)
    {
        if (scripts.Count <= 1)
        {
            return true;
        }

        // UTS #39 "highly restrictive": Latin with Han + Hiragana/Katakana, Han + Bopomofo, or Han + Hangul.
        var rest = new HashSet<Script>(scripts);
        rest.ExceptWith([Script.Latin, Script.Han]);
        return rest.Count == 0
            || rest.IsSubsetOf([Script.Hiragana, Script.Katakana])
            || rest.SetEquals([Script.Hangul])
            || rest.SetEquals([Script.Bopomofo]);
    }

    private enum Script
    {
        Latin,
        Greek,
        Cyrillic,
        Armenian,
        Hebrew,
        Arabic,
        Devanagari,
        Thai,
        Georgian,
        Hangul,
        Hiragana,
        Katakana,
        Bopomofo,
        Han,
        Other,
    }

    private static Script ScriptOf(int c) => c switch
    {
        <= 0x024F or (>= 0x1D00 and <= 0x1DBF) or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F)
            or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F) => Script.Latin,
        (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => Script.Greek,
        (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => Script.Cyrillic,
        >= 0x0530 and <= 0x058F => Script.Armenian,
        >= 0x0590 and <= 0x05FF => Script.Hebrew,
        (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08FF) => Script.Arabic,
        >= 0x0900 and <= 0x097F => Script.Devanagari,
        >= 0x0E00 and <= 0x0E7F => Script.Thai,
        (>= 0x10A0 and <= 0x10FF) or (>= 0x2D00 and <= 0x2D2F) => Script.Georgian,
        (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F) or (>= 0xAC00 and <= 0xD7AF) => Script.Hangul,
        >= 0x3040 and <= 0x309F => Script.Hiragana,
        (>= 0x30A0 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) => Script.Katakana,
        (>= 0x3100 and <= 0x312F) or (>= 0x31A0 and <= 0x31BF) => Script.Bopomofo,
        (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF) => Script.Han,
        _ => Script.Other,
    };
}
