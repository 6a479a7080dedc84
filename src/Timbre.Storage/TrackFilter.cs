using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary>
/// The WHERE clause and bound parameters of a <see cref="TrackQuery"/>, the same for every backend: the engine
/// supplies what differs (<see cref="TrackFilterDialect"/>). Parameter names carry no prefix; the SQL uses <c>@name</c>.
/// </summary>
internal sealed class TrackFilter
{
    private readonly List<string> _filters = [];
    private readonly List<(string Name, object Value)> _parameters = [];

    private TrackFilter()
    {
    }

    /// <summary>The condition for <see cref="TrackQuery"/>'s filters, the keyset cursor left out (what the count uses).</summary>
    public string Where { get; private set; } = "";

    /// <summary>The parameters <see cref="Where"/> uses.</summary>
    public IReadOnlyList<(string Name, object Value)> Parameters { get; private set; } = [];

    /// <summary>The condition of the page itself: <see cref="Where"/> and, with a cursor, the rows after it.</summary>
    public string PageWhere { get; private set; } = "";

    /// <summary>The parameters <see cref="PageWhere"/> uses.</summary>
    public IReadOnlyList<(string Name, object Value)> PageParameters => _parameters;

    /// <summary>Builds the filter of <paramref name="query"/> (validated first) in <paramref name="dialect"/>.</summary>
    public static TrackFilter Of(TrackQuery query, TrackFilterDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = new TrackFilter();
        if (!query.IncludeMissing)
        {
            filter._filters.Add(CatalogSql.FilterPresent);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            filter._parameters.Add(("search", "%" + EscapeLike(text) + "%"));
            filter._filters.Add(dialect.Search(text, (name, value) => filter._parameters.Add((name, value))));
        }

        if (!string.IsNullOrWhiteSpace(query.Genre))
        {
            filter._filters.Add(dialect.GenreFilter);
            filter._parameters.Add(("genre", query.Genre.Trim()));
        }

        filter.AddRange(query.YearFrom, CatalogSql.FilterYearFrom, "yearFrom");
        filter.AddRange(query.YearTo, CatalogSql.FilterYearTo, "yearTo");
        filter.AddRange(query.MinDurationSeconds, CatalogSql.FilterMinDuration, "minDuration");
        filter.AddRange(query.MaxDurationSeconds, CatalogSql.FilterMaxDuration, "maxDuration");
        var filters = filter._filters;
        var pageFilters = filter._filters;
        if (query.PredictedGenre is { } predicted)
        {
            // The same rows either way; the count reads the genre's index, a page walks the sort's (see PredictedGenreSql).
            filters = [.. filters, PredictedGenreSql.CountCondition(predicted.Source, dialect.Fold)];
            pageFilters = [.. pageFilters, PredictedGenreSql.PageCondition(predicted.Source, dialect.Fold)];
            filter._parameters.AddRange(PredictedGenreSql.Parameters(predicted));
        }

        filter.Where = filters.Count == 0 ? "TRUE" : string.Join(" AND ", filters);
        filter.Parameters = [.. filter._parameters];
        filter.PageWhere = pageFilters.Count == 0 ? "TRUE" : string.Join(" AND ", pageFilters);
        if (query.After is { } after)
        {
            filter.PageWhere += " AND " + TrackKeyset.Condition(after, dialect.Fold);
            filter._parameters.AddRange(TrackKeyset.Parameters(after));
        }

        return filter;
    }

    /// <summary>The page of <paramref name="items"/> read with <paramref name="query"/>'s limit, with its cursor for the next page.</summary>
    public static TrackPage Page(List<TrackRecord> items, long total, TrackQuery query) => new(items, total)
    {
        Next = items.Count == query.Limit ? TrackCursor.Of(items[^1], query.Sort, query.Descending) : null,
    };

    /// <summary><paramref name="text"/> with LIKE's wildcards escaped (the SQL says <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private void AddRange<T>(T? value, string condition, string name)
        where T : struct
    {
        if (value is { } v)
        {
            _filters.Add(condition);
            _parameters.Add((name, v));
        }
    }
}

/// <summary>What a backend's track filter does its own way.</summary>
/// <param name="GenreFilter">The case-insensitive genre condition on <c>@genre</c>.</param>
/// <param name="Search">
/// The text-search condition for the trimmed search text; the LIKE pattern is bound as <c>@search</c>, and the
/// callback binds any further parameter the condition needs.
/// </param>
/// <param name="Fold">How the engine's ORDER BY folds a text column or parameter (see <see cref="TrackKeyset.Condition"/>).</param>
internal sealed record TrackFilterDialect(string GenreFilter, Func<string, Action<string, object>, string> Search, Func<string, string> Fold);
