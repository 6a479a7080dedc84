using Timbre.App.Snapshot;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Data.Synthetic;
using Timbre.Recommendation.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;

namespace Timbre.Web.Tests.Catalog;

/// <summary>
/// The library filtered, counted and labelled by predicted genre from the catalog equals what the server answered
/// from its snapshot before (the reference below: walk the sorted list, keep the rows whose snapshot genre matches),
/// page by page, without loading the snapshot.
/// </summary>
public sealed class PredictedGenreLibraryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void GenrePagesCountsAndRowGenres_EqualTheSnapshotAnswer()
    {
        var catalog = Seeded("model.db", withProbabilities: true);
        using var backend = Backend(catalog);
        var snapshot = Snapshot(catalog);
        Assert.Equal(GenreInfo.Model, snapshot.GenreInfo);
        var labels = snapshot.Context.GenreLabels;
        Assert.Equal(6, labels.Count);

        LibraryQuery[] shapes =
        [
            new(PageSize: 25),
            new(PageSize: 40, Sort: LibrarySort.Year, Descending: true),
            new(PageSize: 10, Sort: LibrarySort.Artist, YearFrom: 1990, YearTo: 2010),
            new(PageSize: 30, Sort: LibrarySort.Duration, Search: labels[2]),
        ];
        var nonEmpty = 0;
        foreach (var shape in shapes)
        {
            foreach (var genre in labels.Append(labels[1].ToUpperInvariant()).Append("no such genre"))
            {
                var query = shape with { Genre = genre };
                var expected = Reference(catalog, snapshot, query);
                nonEmpty += expected.Count > 0 ? 1 : 0;
                AssertPagesEqual(backend, snapshot, query, expected);
            }
        }

        Assert.True(nonEmpty >= 20, $"{nonEmpty} non-empty genre lists");

        // Rows' predicted genres on an unfiltered page: the snapshot's, all set.
        var page = backend.ListTracks(new LibraryQuery(PageSize: 200));
        Assert.Equal(page.Items.Select(t => snapshot.PredictedGenre(t.Id)), page.Items.Select(t => t.PredictedGenre));
        Assert.All(page.Items, t => Assert.NotNull(t.PredictedGenre));
        Assert.Equal(0, backend.SnapshotLoads);
    }

    [Fact]
    public void WithoutModelProbabilities_NoTrackHasAPredictedGenre_AsInTheSnapshot()
    {
        // Tags only: the snapshot makes one-hot genres from the tags, and predicts none.
        var catalog = Seeded("tags.db", withProbabilities: false);
        using var backend = Backend(catalog);
        var snapshot = Snapshot(catalog);
        Assert.NotEqual(GenreInfo.Model, snapshot.GenreInfo);
        var tag = snapshot.Context.Tracks[0].Genre!;
        var page = backend.ListTracks(new LibraryQuery(Genre: tag));
        Assert.Equal((0, 0L, null), (page.Items.Count, page.Total, page.Next));
        Assert.All(backend.ListTracks(new LibraryQuery(PageSize: 50)).Items, t => Assert.Null(t.PredictedGenre));
        Assert.Equal(0, backend.SnapshotLoads);
    }

    /// <summary>Walks every page by cursor and a few by number: ids, totals and rows' genres as the reference.</summary>
    private static void AssertPagesEqual(CatalogBackend backend, CatalogSnapshot snapshot, LibraryQuery query, List<long> expected)
    {
        var walked = new List<long>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = backend.ListTracks(query with { Page = pages + 1, After = after });
            Assert.Equal(expected.Count, page.Total);
            Assert.All(page.Items, t => Assert.Equal(snapshot.PredictedGenre(t.Id), t.PredictedGenre));
            walked.AddRange(page.Items.Select(t => t.Id));
            after = page.Next;
            Assert.True(++pages <= (expected.Count / query.PageSize) + 2, "paging does not end");
        }
        while (after is not null);

        Assert.Equal(expected, walked);
        foreach (var number in new[] { 2, 3 })
        {
            var page = backend.ListTracks(query with { Page = number });
            Assert.Equal(expected.Skip((number - 1) * query.PageSize).Take(query.PageSize), page.Items.Select(t => t.Id));
        }
    }

    /// <summary>The answer the server gave from its snapshot: the filtered, sorted list walked, rows kept by snapshot genre.</summary>
    private static List<long> Reference(string catalog, CatalogSnapshot snapshot, LibraryQuery query)
    {
        using var store = new SqliteCatalogStore(catalog);
        var sort = query.Sort switch
        {
            LibrarySort.Artist => TrackSort.Artist,
            LibrarySort.Year => TrackSort.Year,
            LibrarySort.Duration => TrackSort.Duration,
            _ => TrackSort.Title,
        };
        var baseQuery = new TrackQuery
        {
            Search = query.Search, YearFrom = query.YearFrom, YearTo = query.YearTo, Sort = sort, Descending = query.Descending, Limit = TrackQuery.MaxLimit,
        };
        var ids = new List<long>();
        TrackCursor? cursor = null;
        do
        {
            var page = store.ListTracks(baseQuery with { After = cursor });
            ids.AddRange(page.Items.Where(t => string.Equals(snapshot.PredictedGenre(t.Id), query.Genre, StringComparison.OrdinalIgnoreCase)).Select(t => t.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        return ids;
    }

    private string Seeded(string name, bool withProbabilities)
    {
        var path = _dir.File(name);
        using var store = new SqliteCatalogStore(path);
        SyntheticCatalog.Write(store, new SyntheticCatalogOptions
        {
            Tracks = 700, Dimension = 16, Users = 1, Genres = 6, Seed = 13, ModelId = "summary", FeatureVersion = 1, WithGenreProbabilities = withProbabilities,
        });
        return path;
    }

    private static CatalogSnapshot Snapshot(string catalog)
    {
        using var store = new SqliteCatalogStore(catalog);
        return CatalogContextLoader.Load(store, SnapshotOptions.For("summary", 1));
    }

    private static CatalogBackend Backend(string catalog) =>
        new(new SqliteCatalogStore(catalog), AudioDecoders.CreateDefault(), new SetAnalyzer(), new CatalogBackendOptions { ChangeCheckInterval = TimeSpan.Zero });

    /// <summary>The synthetic catalogs' analysis set (summary@1); never asked to analyse.</summary>
    private sealed class SetAnalyzer : ITrackAnalyzer
    {
        public string ModelId => "summary";

        public int FeatureVersion => 1;

        public int SampleRate => 22050;

        public IReadOnlyList<string> GenreLabels => [];

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
