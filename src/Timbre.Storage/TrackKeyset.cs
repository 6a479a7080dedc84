using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary>
/// The WHERE condition of keyset paging (<see cref="TrackQuery.After"/>) for both SQL backends: "rows after the
/// cursor" in exactly the order of their ORDER BY (tag and year sorts list NULLs last in both directions, ties by
/// id). Parameters: @afterId, and @afterText or @afterNumber when the condition uses them (see <see cref="Parameters"/>).
/// </summary>
internal static class TrackKeyset
{
    /// <summary>
    /// The condition for rows after <paramref name="cursor"/>. <paramref name="fold"/> turns a tag column or
    /// parameter into what the backend's ORDER BY compares (SQLite: <c>x COLLATE NOCASE</c>, PostgreSQL: <c>lower(x)</c>).
    /// </summary>
    public static string Condition(TrackCursor cursor, Func<string, string> fold)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var op = cursor.Descending ? "<" : ">";
        return cursor.Sort switch
        {
            TrackSort.Added => $"id {op} @afterId",
            TrackSort.Path => $"(path, id) {op} (@afterText, @afterId)",
            TrackSort.Duration => $"(duration_s, id) {op} (@afterNumber, @afterId)",
            TrackSort.Title => NullsLast("title", fold("title"), fold("@afterText"), cursor.Text is null, op),
            TrackSort.Artist => NullsLast("artist", fold("artist"), fold("@afterText"), cursor.Text is null, op),
            TrackSort.Album => NullsLast("album", fold("album"), fold("@afterText"), cursor.Text is null, op),
            TrackSort.Year => NullsLast("year", "year", "@afterNumber", cursor.Number is null, op),
            _ => throw new CatalogException($"Unknown track sort {cursor.Sort}."),
        };
    }

    /// <summary>The parameters <see cref="Condition"/> uses for <paramref name="cursor"/>.</summary>
    public static IEnumerable<(string Name, object Value)> Parameters(TrackCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        yield return ("afterId", cursor.Id);
        if (cursor.Text is { } text && cursor.Sort is TrackSort.Path or TrackSort.Title or TrackSort.Artist or TrackSort.Album)
        {
            yield return ("afterText", text);
        }

        if (cursor.Number is { } number && cursor.Sort is TrackSort.Year or TrackSort.Duration)
        {
            yield return ("afterNumber", number);
        }
    }

    /// <summary>
    /// A nullable column sorted with NULLs last whatever the direction: after a non-NULL cursor come the later non-NULL
    /// rows and then every NULL row; after a NULL cursor only the later NULL rows (by id).
    /// </summary>
    private static string NullsLast(string column, string key, string value, bool cursorIsNull, string op) => cursorIsNull
        ? $"({column} IS NULL AND id {op} @afterId)"
        : $"({column} IS NULL OR ({key}, id) {op} ({value}, @afterId))";
}
