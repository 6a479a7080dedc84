using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>
/// A common search text (more index matches than <see cref="SqliteCatalogOptions.CommonSearchMatches"/>) pages by
/// walking the sorted list: the same rows in the same order as the exact, index-driven read, with a capped total.
/// </summary>
public sealed class CommonSearchTests : IDisposable
{
    private readonly TempCatalog _catalog = new();

    public CommonSearchTests()
    {
        using var store = _catalog.Open();
        for (var i = 0; i < 40; i++)
        {
            var saved = store.UpsertTrack(new TrackRecord
            {
                Path = $"/m/{(i % 7 == 0 ? "velvet " : "")}f{i}.wav",
                Title = i % 5 == 0 ? null : (i % 3 == 0 ? $"Velvet {i % 4}" : $"Song {i % 6}"),
                Artist = i % 4 == 1 ? "The VELVET band" : $"Artist {i % 3}",
                Album = i % 19 == 2 ? "velvets" : null,
                Year = i % 6 == 0 ? null : 1990 + (i % 8),
                DurationSeconds = 100 + (i % 10),
            });
            if (i % 11 == 3)
            {
                _catalog.Exec($"UPDATE tracks SET status = 1 WHERE id = {saved.Id}"); // missing: never listed
            }
        }
    }

    public void Dispose() => _catalog.Dispose();

    [Theory]
    [MemberData(nameof(TrackSortIndexTests.Sorts), MemberType = typeof(TrackSortIndexTests))]
    public void Common_text_lists_the_exact_rows_in_order_by_cursor_and_by_offset(TrackSort sort, bool descending)
    {
        using var exact = new SqliteCatalogStore(_catalog.Path);
        using var common = new SqliteCatalogStore(_catalog.Path, new SqliteCatalogOptions { CommonSearchMatches = 3 });
        var query = new TrackQuery { Search = "velvet", Sort = sort, Descending = descending, Limit = 4 };

        var reference = exact.ListTracks(query with { Limit = TrackQuery.MaxLimit });
        Assert.False(reference.TotalIsLowerBound);
        Assert.True(reference.Total > 10);
        Assert.Equal(reference.Total, reference.Items.Count);

        var byCursor = new List<long>();
        TrackCursor? after = null;
        do
        {
            var page = common.ListTracks(query with { After = after });
            Assert.Equal(3, page.Total);
            Assert.True(page.TotalIsLowerBound);
            byCursor.AddRange(page.Items.Select(t => t.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(reference.Items.Select(t => t.Id), byCursor);
        var third = common.ListTracks(query with { Offset = 8 });
        Assert.Equal(reference.Items.Skip(8).Take(4).Select(t => t.Id), third.Items.Select(t => t.Id));
    }

    [Fact]
    public void Rare_text_and_short_text_are_counted_exactly()
    {
        using var common = new SqliteCatalogStore(_catalog.Path, new SqliteCatalogOptions { CommonSearchMatches = 3 });
        using var exact = new SqliteCatalogStore(_catalog.Path);

        var rare = common.ListTracks(new TrackQuery { Search = "velvets" });
        Assert.False(rare.TotalIsLowerBound);
        Assert.Equal(exact.ListTracks(new TrackQuery { Search = "velvets" }).Total, rare.Total);
        Assert.True(rare.Total is > 0 and <= 3);

        var shortText = common.ListTracks(new TrackQuery { Search = "ve" });
        Assert.False(shortText.TotalIsLowerBound);
        Assert.Equal(shortText.Items.Count, shortText.Total);
    }

    [Fact]
    public void A_bad_common_search_limit_is_a_CatalogException()
    {
        Assert.Throws<CatalogException>(() => new SqliteCatalogStore(_catalog.Path, new SqliteCatalogOptions { CommonSearchMatches = 0 }));
    }
}
