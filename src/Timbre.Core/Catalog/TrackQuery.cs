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

    /// <summary>Rows to skip (≥ 0). Default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return (1 to <see cref="MaxLimit"/>). Default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>
    /// Case-insensitive substring of the title, artist, album or genre tag or of the file NAME; null or blank for no
    /// text filter. The folders of the path never match (they would reveal the server's folder layout).
    /// </summary>
    public string? Search { get; init; }

    /// <summary>Genre tag, matched case-insensitively and exactly; null for all genres.</summary>
    public string? Genre { get; init; }

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

        if (!Enum.IsDefined(Sort))
        {
            throw new CatalogException($"Unknown track sort {Sort}.");
        }
    }
}

/// <summary>One page of tracks and the number of tracks matching the filters over all pages.</summary>
/// <param name="Items">The tracks on this page, in order.</param>
/// <param name="Total">Matching tracks over all pages.</param>
public sealed record TrackPage(IReadOnlyList<TrackRecord> Items, long Total);
