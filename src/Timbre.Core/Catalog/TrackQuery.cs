namespace Timbre.Core.Catalog;

/// <summary>Column a track list is ordered by; ties are broken by id.</summary>
public enum TrackSort
{
    /// <summary>By path (default).</summary>
    Path = 0,

    /// <summary>By title tag (untagged last).</summary>
    Title = 1,

    /// <summary>By artist tag (untagged last).</summary>
    Artist = 2,

    /// <summary>By album tag (untagged last).</summary>
    Album = 3,

    /// <summary>By year (unknown last).</summary>
    Year = 4,

    /// <summary>By duration.</summary>
    Duration = 5,

    /// <summary>By catalog id, i.e. the order tracks were added.</summary>
    Added = 6,
}

/// <summary>
/// One page of the library list (the web library page, <c>timbre</c> list commands). Null filters are off.
/// Defaults: first page of 50, present tracks only, sorted by path ascending.
/// </summary>
public sealed record TrackQuery
{
    /// <summary>Largest allowed <see cref="Limit"/>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Rows to skip (≥ 0). Default 0. Walks the skipped rows on every call: use <see cref="After"/> to page on.</summary>
    public int Offset { get; init; }

    /// <summary>
    /// Keyset paging: only rows after this one in the query's order (<see cref="TrackPage.Next"/> of the previous
    /// page, made with the same sort and direction); null starts at the first row. Rows added or removed meanwhile
    /// never shift later pages, so walking pages lists every row present throughout exactly once. Not with
    /// <see cref="Offset"/>.
    /// </summary>
    public TrackCursor? After { get; init; }

    /// <summary>Rows to return (1 to <see cref="MaxLimit"/>). Default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>
    /// Case-insensitive substring of the title, artist, album or genre tag or of the file NAME; null or blank for no
    /// text filter. The folders of the path never match (they would reveal the server's folder layout).
    /// </summary>
    public string? Search { get; init; }

    /// <summary>Genre tag, matched case-insensitively and exactly; null for all genres.</summary>
    public string? Genre { get; init; }

    /// <summary>
    /// The model's predicted genre (stored with each analysis), matched with ASCII case folded; null for all. Only
    /// tracks with an analysis of the source's sets match.
    /// </summary>
    public PredictedGenreFilter? PredictedGenre { get; init; }

    /// <summary>Lowest year, inclusive (tracks without a year are excluded when set).</summary>
    public int? YearFrom { get; init; }

    /// <summary>Highest year, inclusive (tracks without a year are excluded when set).</summary>
    public int? YearTo { get; init; }

    /// <summary>Shortest duration in seconds, inclusive.</summary>
    public double? MinDurationSeconds { get; init; }

    /// <summary>Longest duration in seconds, inclusive.</summary>
    public double? MaxDurationSeconds { get; init; }

    /// <summary>Also list tracks marked missing. Default false.</summary>
    public bool IncludeMissing { get; init; }

    /// <summary>Sort column. Default <see cref="TrackSort.Path"/>.</summary>
    public TrackSort Sort { get; init; } = TrackSort.Path;

    /// <summary>Sort descending instead of ascending.</summary>
    public bool Descending { get; init; }

    /// <summary>Throws <see cref="CatalogException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (Offset < 0)
        {
            throw new CatalogException($"Track query offset must be ≥ 0, got {Offset}.");
        }

        if (After is not null && Offset != 0)
        {
            throw new CatalogException("A track query pages either by offset or after a row, not both.");
        }

        if (Limit < 1 || Limit > MaxLimit)
        {
            throw new CatalogException($"Track query limit must be 1–{MaxLimit}, got {Limit}.");
        }

        if (YearFrom is { } from && YearTo is { } to && from > to)
        {
            throw new CatalogException($"Track query year range is empty ({from} > {to}).");
        }

        if (double.IsNaN(MinDurationSeconds ?? 0) || double.IsNaN(MaxDurationSeconds ?? 0))
        {
            // "?minDuration=NaN" binds to a double; SQLite cannot take NaN as a parameter.
            throw new CatalogException("Track query duration bounds must be numbers, got NaN.");
        }

        if (MinDurationSeconds is { } min && MaxDurationSeconds is { } max && min > max)
        {
            throw new CatalogException($"Track query duration range is empty ({min} > {max}).");
        }

        if (PredictedGenre is { } predicted && (string.IsNullOrWhiteSpace(predicted.Label) || string.IsNullOrWhiteSpace(predicted.Source.ModelId)))
        {
            throw new CatalogException("Track query predicted genre needs a label and a model id.");
        }

        if (!Enum.IsDefined(Sort))
        {
            throw new CatalogException($"Unknown track sort {Sort}.");
        }

        After?.EnsureFor(this);
    }
}

/// <summary>One page of tracks and the number of tracks matching the filters over all pages.</summary>
/// <param name="Items">The tracks on this page, in order.</param>
/// <param name="Total">Matching tracks over all pages (at least this many when <see cref="TotalIsLowerBound"/>).</param>
public sealed record TrackPage(IReadOnlyList<TrackRecord> Items, long Total)
{
    /// <summary>
    /// True when the store stopped counting at <see cref="Total"/> (a very common search text in a large catalog):
    /// more tracks may match.
    /// </summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>The cursor of the next page (<see cref="TrackQuery.After"/>) for the same query, or null when this page is the last.</summary>
    public TrackCursor? Next { get; init; }
}

/// <summary>
/// A position in a sorted track list: the sort key of one row and its id (ties are broken by id). For the tag
/// sorts <see cref="Text"/> is the tag (null: an untagged row, listed last); path sorts use <see cref="Text"/>;
/// year and duration use <see cref="Number"/> (a null year: listed last); the added order uses the id alone.
/// </summary>
/// <param name="Sort">The sort the cursor was made for.</param>
/// <param name="Descending">The direction it was made for.</param>
/// <param name="Id">The row's catalog id.</param>
/// <param name="Text">Its tag or path, for those sorts.</param>
/// <param name="Number">Its year or duration, for those sorts.</param>
public sealed record TrackCursor(TrackSort Sort, bool Descending, long Id, string? Text = null, double? Number = null)
{
    /// <summary>The cursor just after <paramref name="track"/> in a list sorted by <paramref name="sort"/>.</summary>
    public static TrackCursor Of(TrackRecord track, TrackSort sort, bool descending)
    {
        ArgumentNullException.ThrowIfNull(track);
        return sort switch
        {
            TrackSort.Path => new(sort, descending, track.Id, Text: track.Path),
            TrackSort.Title => new(sort, descending, track.Id, Text: track.Title),
            TrackSort.Artist => new(sort, descending, track.Id, Text: track.Artist),
            TrackSort.Album => new(sort, descending, track.Id, Text: track.Album),
            TrackSort.Year => new(sort, descending, track.Id, Number: track.Year),
            TrackSort.Duration => new(sort, descending, track.Id, Number: track.DurationSeconds),
            _ => new(sort, descending, track.Id),
        };
    }

    /// <summary>Throws <see cref="CatalogException"/> when the cursor was made for another sort or direction than <paramref name="query"/>.</summary>
    public void EnsureFor(TrackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Sort != query.Sort || Descending != query.Descending)
        {
            throw new CatalogException($"The page cursor was made for sort {Sort}{(Descending ? " descending" : "")}, not {query.Sort}{(query.Descending ? " descending" : "")}.");
        }

        if ((Sort == TrackSort.Path && Text is null) || (Sort == TrackSort.Duration && Number is null))
        {
            throw new CatalogException($"A page cursor for sort {Sort} needs its value.");
        }
    }
}
