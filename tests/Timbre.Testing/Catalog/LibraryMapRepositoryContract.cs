using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="ILibraryMapRepository"/>: stored layouts per index, exact round trip, replaced whole.</summary>
public abstract class LibraryMapRepositoryContract : CatalogContract
{
    /// <summary>The library map role of the catalog.</summary>
    protected ILibraryMapRepository Maps => Catalog;

    [Fact]
    public void ALayout_RoundTripsExactly_PerIndex_AndIsReplacedWhole()
    {
        Assert.Null(Maps.FindLibraryMap("summary@1"));
        Assert.Null(Maps.ReadLibraryMap("summary@1"));

        var at = new DateTimeOffset(T0);
        var first = Map("summary@1", "k1", 7, at, [3, 1, long.MaxValue], [0f, 0.5f, 1f], [1f, float.Epsilon, 0.333333343f], ["jazz", "metal"], [1, -1, 0]);
        Maps.WriteLibraryMap(first);
        Maps.WriteLibraryMap(Map("space:abc", "k9", 8, at, [5], [0.25f], [0.75f], [], []));

        var read = Maps.ReadLibraryMap("summary@1")!;
        Assert.Equal(first.Info, read.Info);
        Assert.Equal(first.Ids, read.Ids);
        Assert.Equal(first.X, read.X); // bit-exact floats
        Assert.Equal(first.Y, read.Y);
        Assert.Equal(first.GenreLabels, read.GenreLabels);
        Assert.Equal(first.Genres, read.Genres);
        Assert.Equal(first.Info, Maps.FindLibraryMap("summary@1"));
        Assert.Empty(Maps.ReadLibraryMap("space:abc")!.Genres);

        var second = Map("summary@1", "k2", 12, at.AddMinutes(1), [4], [0.1f], [0.2f], ["odd"], [0]);
        Maps.WriteLibraryMap(second);
        Assert.Equal(second.Info, Maps.FindLibraryMap("summary@1"));
        Assert.Equal([4L], Maps.ReadLibraryMap("summary@1")!.Ids);
        Assert.Equal(["odd"], Maps.ReadLibraryMap("summary@1")!.GenreLabels);
        Assert.Equal(8, Maps.FindLibraryMap("space:abc")!.ContentSequence); // the other index untouched
    }

    [Fact]
    public void WritingALayout_DoesNotMoveTheContentSequence_AndAnEmptyOneIsKept()
    {
        SaveAnalysed(0, 2);
        var before = Catalog.ContentSequence();
        Maps.WriteLibraryMap(Map("summary@1", "k", before, new DateTimeOffset(T0), [], [], [], [], []));

        Assert.Equal(before, Catalog.ContentSequence());
        Assert.Equal(0, Maps.FindLibraryMap("summary@1")!.Count);
        Assert.Empty(Maps.ReadLibraryMap("summary@1")!.Ids);
        SaveAnalysed(2, 1);
        Assert.True(Catalog.ContentSequence() > Maps.FindLibraryMap("summary@1")!.ContentSequence); // stale once tracks change
    }

    [Fact]
    public void ALayoutWhoseArraysDisagree_IsRefused_AndNothingIsStored()
    {
        var at = new DateTimeOffset(T0);
        Assert.Throws<ArgumentException>(() => Maps.WriteLibraryMap(Map("m", "k", 1, at, [1, 2], [0f], [0f, 1f], [], [])));
        Assert.Throws<ArgumentException>(() => Maps.WriteLibraryMap(Map("m", "k", 1, at, [1], [0f], [0f], ["a"], [1])));
        Assert.Throws<ArgumentException>(() => Maps.WriteLibraryMap(Map("m", "k", 1, at, [1], [0f], [0f], ["a"], [0, 0])));
        Assert.Throws<ArgumentException>(() => Maps.WriteLibraryMap(Map(" ", "k", 1, at, [1], [0f], [0f], [], [])));
        Assert.Null(Maps.FindLibraryMap("m"));
    }

    private static StoredLibraryMap Map(string index, string key, long sequence, DateTimeOffset at, long[] ids, float[] x, float[] y, string[] labels, short[] genres)
        => new(new StoredLibraryMapInfo(index, key, sequence, at, ids.Length), ids, x, y, labels, genres);
}
