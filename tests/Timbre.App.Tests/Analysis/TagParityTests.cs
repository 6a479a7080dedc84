using Timbre.App.Analysis;
using Timbre.App.Library;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Analysis;

/// <summary>A scanned file and the same file uploaded end up with the same tags in the catalog.</summary>
public sealed class TagParityTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Theory]
    [InlineData("03/04/1999", 1999)]
    [InlineData("1999-04-03", 1999)]
    [InlineData("2001", 2001)]
    [InlineData("April 1987", 1987)]
    public void ScanAndUpload_StoreTheSameTrackTags(string date, int year)
    {
        var scanned = _lib.TaggedFlac("library", "song.flac", "title=Blue Song", "album_artist=The Band", "album=Record", "genre=Jazz", $"date={date}");
        var uploaded = Path.Combine(_lib.Directory, "uploads", "20261202-101010-abcdef12.flac");
        Directory.CreateDirectory(Path.GetDirectoryName(uploaded)!);
        File.Copy(scanned, uploaded);
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new MomentsAnalyzer("m", 22050);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var owner = store.CreateUser("alice", "x");

        new LibraryScanner(store, new FileAnalyzer(decoder), analyzer, ContentHasher.Compute).Scan(new ScanOptions { Root = _lib.Root, Workers = 1 });
        var analysed = new FileAnalyzer(decoder).Analyze(uploaded, [analyzer], AnalysisWindowOptions.Default);
        LibraryAdditions.Add(store, analysed, new LibraryAddition("song", owner.Id, 10, 1 << 30));

        var fromScan = store.FindTrackByPath(scanned)!;
        var fromUpload = store.FindTrackByPath(uploaded)!;
        Assert.Equal(year, fromScan.Year);
        Assert.Equal(Tags(fromScan), Tags(fromUpload));
        Assert.Equal(("Blue Song", "The Band", "Record", "Jazz"), (fromScan.Title, fromScan.Artist, fromScan.Album, fromScan.GenreTag));
        Assert.Equal(fromScan.ContentHash, fromUpload.ContentHash);
        Assert.Equal(fromScan.DurationSeconds, fromUpload.DurationSeconds, 3);
    }

    private static (string?, string?, string?, string?, int?) Tags(TrackRecord t) => (t.Title, t.Artist, t.Album, t.GenreTag, t.Year);
}
