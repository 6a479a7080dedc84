using System.Globalization;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;

namespace Timbre.Scanning;

/// <summary>
/// The one tag parser: maps probed tags onto a catalog track for scans and web uploads alike (title falls back to the
/// given title, else the file name; artist to the album artist; year from date, year or original date).
/// </summary>
public static class TrackTags
{
    /// <summary>
    /// A track record for <paramref name="file"/> with the tags of <paramref name="info"/>; without a title tag the
    /// title is <paramref name="fallbackTitle"/>, else the file name without extension.
    /// </summary>
    public static TrackRecord ToTrack(FoundFile file, AudioInfo info, double durationSeconds, string? contentHash, string? fallbackTitle = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(info);
        var tags = info.Tags;
        return new TrackRecord
        {
            Path = file.Path,
            SizeBytes = file.SizeBytes,
            ModifiedUtc = file.ModifiedUtc,
            ContentHash = contentHash,
            Title = Tag(tags, "title") ?? fallbackTitle ?? Path.GetFileNameWithoutExtension(file.Path),
            Artist = Tag(tags, "artist") ?? Tag(tags, "album_artist"),
            Album = Tag(tags, "album"),
            GenreTag = Tag(tags, "genre"),
            Year = ParseYear(Tag(tags, "date")) ?? ParseYear(Tag(tags, "year")) ?? ParseYear(Tag(tags, "originaldate")),
            DurationSeconds = durationSeconds,
        };
    }

    /// <summary>The first run of four digits in <paramref name="text"/> read as a year in 1000–2999, or null.</summary>
    public static int? ParseYear(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i + 4 <= text.Length; i++)
        {
            var run = text.AsSpan(i, 4);
            if (int.TryParse(run, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && (i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4])))
            {
                return year is >= 1000 and <= 2999 ? year : null;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return null;
    }

    private static string? Tag(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
