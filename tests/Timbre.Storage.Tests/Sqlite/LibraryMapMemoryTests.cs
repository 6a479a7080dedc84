using Timbre.Core.Catalog;
using Xunit.Abstractions;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>What a front-end allocates to read a stored library map of 1 M tracks (16 B per track plus 2 for its genre).</summary>
[Trait("Category", "Slow")]
public sealed class LibraryMapMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void ReadingAMillionPointLayout_AllocatesAboutTwiceItsBytes_AndTheHeaderAlmostNothing()
    {
        const int n = 1_000_000;
        var ids = Enumerable.Range(1, n).Select(i => (long)i).ToArray();
        var x = Enumerable.Range(0, n).Select(i => i / (float)n).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 1 - (i / (float)n)).ToArray();
        var genres = Enumerable.Range(0, n).Select(i => (short)(i % 10)).ToArray();
        string[] labels = [.. Enumerable.Range(0, 10).Select(g => $"genre {g}")];
        var map = new StoredLibraryMap(new StoredLibraryMapInfo("summary@v1", "k", 5, DateTimeOffset.UnixEpoch, n), ids, x, y, labels, genres);
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        store.WriteLibraryMap(map);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var info = store.FindLibraryMap("summary@v1");
        var header = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var read = store.ReadLibraryMap("summary@v1")!;
        var whole = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"header {header} B, layout of {n} points {whole / 1e6:0.0} MB ({whole / (double)n:0.0} B per track)");

        Assert.Equal(n, info!.Count);
        Assert.Equal(ids, read.Ids);
        Assert.Equal(genres, read.Genres);

        // 18 B per track decoded into arrays plus the 18 B per track blobs they are decoded from: ≈ 36 MB.
        Assert.InRange(whole, 36_000_000, 48_000_000);
        Assert.True(header < 64_000, $"the header read allocated {header} B");
    }
}
