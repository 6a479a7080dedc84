using CsCheck;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>
/// <see cref="TrackQuery"/> as the catalog runs it: any values give a consistent page or a
/// <see cref="CatalogException"/>, and search text is literal (LIKE wildcards and quotes match themselves).
/// </summary>
public sealed class TrackQueryPropertyTests : IDisposable
{
    private const int Tracks = 24;

    /// <summary>Text rich in LIKE and SQL metacharacters plus any BMP letter (no NUL, no lone surrogate).</summary>
    private static readonly Gen<string> SearchText =
        Gen.OneOf(Gen.Char["%_\\'\"[]^*?-aAbB "], Gen.Char['\u0001', '\uD7FF']).Array[1, 8].Select(c => new string(c));

    private readonly TempCatalog _catalog = new();
    private readonly SqliteCatalogStore _store;

    public TrackQueryPropertyTests()
    {
        _store = _catalog.Open();
        for (var i = 0; i < Tracks; i++)
        {
            _store.UpsertTrack(new TrackRecord
            {
                Path = System.IO.Path.Combine(_catalog.Directory, $"t{i}.wav"),
                Title = $"Title {i} 50% off_",
                Artist = i % 3 == 0 ? null : $"Artist {i % 5}",
                Year = i % 4 == 0 ? null : 1980 + i,
                DurationSeconds = 10 * i,
            });
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _catalog.Dispose();
    }

    [Fact]
    public void Any_query_gives_a_consistent_page_or_a_CatalogException()
    {
        var years = Gen.OneOf(Gen.Const((int?)null), Gen.Int[1970, 2010].Select(y => (int?)y), Gen.Int.Select(y => (int?)y));
        var seconds = Gen.OneOf(Gen.Const((double?)null), Gen.Double[-10, 300].Select(d => (double?)d),
            Gen.OneOf<double?>(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -0.0));
        var paging = Gen.Select(Gen.OneOf(Gen.Int[-2, 30], Gen.Int), Gen.OneOf(Gen.Int[-1, 30], Gen.Int));
        Gen.Select(paging, Gen.Select(years, years), Gen.Select(seconds, seconds), Gen.Int[-1, 8], Gen.Bool, Gen.Bool).Sample(
            (page, year, duration, sort, descending, missing) =>
            {
                var query = new TrackQuery
                {
                    Offset = page.Item1,
                    Limit = page.Item2,
                    YearFrom = year.Item1,
                    YearTo = year.Item2,
                    MinDurationSeconds = duration.Item1,
                    MaxDurationSeconds = duration.Item2,
                    Sort = (TrackSort)sort,
                    Descending = descending,
                    IncludeMissing = missing,
                };
                TrackPage result;
                try
                {
                    result = _store.ListTracks(query);
                }
                catch (CatalogException)
                {
                    return;
                }

                Assert.InRange(result.Items.Count, 0, query.Limit);
                Assert.InRange(result.Total, result.Items.Count, Tracks);
                Assert.All(result.Items, t => Assert.True(year.Item1 is not { } from || t.Year >= from));
                Assert.All(result.Items, t => Assert.True(duration.Item2 is not { } max || !(t.DurationSeconds > max)));
            },
            iter: 3_000,
            threads: 1);
    }

    [Fact]
    public void NaN_duration_bound_is_a_CatalogException()
    {
        // Found by the property above: Microsoft.Data.Sqlite threw InvalidOperationException "Cannot store 'NaN' values".
        Assert.Throws<CatalogException>(() => _store.ListTracks(new TrackQuery { MinDurationSeconds = double.NaN }));
        Assert.Throws<CatalogException>(() => _store.ListTracks(new TrackQuery { MaxDurationSeconds = double.NaN }));
        Assert.Equal(_store.ListTracks(new TrackQuery()).Total, _store.ListTracks(new TrackQuery { MaxDurationSeconds = double.PositiveInfinity }).Total);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Search_text_is_literal_and_finds_the_track_that_holds_it()
    {
        SearchText.Sample(
            text =>
            {
                var needle = text.Trim();
                var track = _store.UpsertTrack(new TrackRecord
                {
                    Path = System.IO.Path.Combine(_catalog.Directory, "search.wav"),
                    Album = $"<{text}>",
                });

                var page = _store.ListTracks(new TrackQuery { Search = text, Limit = TrackQuery.MaxLimit });

                if (needle.Length > 0)
                {
                    Assert.Contains(page.Items, t => t.Id == track.Id);
                    Assert.All(page.Items, t => Assert.True(
                        new[] { t.Title, t.Artist, t.Album, t.Path }.Any(f => f?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true),
                        $"'{needle}' matched {t.Path} ({t.Title}, {t.Artist}, {t.Album})"));
                }
            },
            iter: 2_000,
            threads: 1);
    }
}
