using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>
/// Issue 10 (load): every library sort of present tracks, in both directions, walks an index; none sorts the
/// catalog in a temp B-tree (which took 0.05–0.7 s per page at 100k tracks). Sorted results stay correct.
/// </summary>
public sealed class TrackSortIndexTests
{
    public static TheoryData<TrackSort, bool> Sorts()
    {
        var data = new TheoryData<TrackSort, bool>();
        foreach (var sort in Enum.GetValues<TrackSort>())
        {
            data.Add(sort, false);
            data.Add(sort, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public void The_library_page_query_uses_an_index_for_its_order(TrackSort sort, bool descending)
    {
        using var tmp = new TempCatalog();
        tmp.Open().Dispose();
        using var connection = tmp.Raw();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteSql.ListTracks(CatalogSql.FilterPresent, SqliteSql.OrderBy(sort, descending));
        cmd.Parameters.AddWithValue("@limit", 50);
        cmd.Parameters.AddWithValue("@offset", 0);
        var plan = new List<string>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                plan.Add(r.GetString(3));
            }
        }

        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public void Title_order_keeps_untitled_last_in_both_directions()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        foreach (var (path, title) in new[] { ("/a.mp3", "beta"), ("/b.mp3", null), ("/c.mp3", "Alpha"), ("/d.mp3", "gamma") })
        {
            store.UpsertTrack(new TrackRecord { Path = path, SizeBytes = 1, ModifiedUtc = DateTime.UnixEpoch, Title = title });
        }

        string[] Titles(bool descending) =>
            [.. store.ListTracks(new TrackQuery { Sort = TrackSort.Title, Descending = descending }).Items.Select(t => t.Title ?? "(untitled)")];
        Assert.Equal(["Alpha", "beta", "gamma", "(untitled)"], Titles(false));
        Assert.Equal(["gamma", "beta", "Alpha", "(untitled)"], Titles(true));
    }
}
