using Timbre.App.Analysis;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Scanning;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Scanning;

/// <summary>A scan asks the catalog "has this file changed?" exactly once per file, and only the walker asks.</summary>
public sealed class ChangeCheckTests : IDisposable
{
    /// <summary>Store reads that would be a second change check, or a worker reading under the writer's lock.</summary>
    private static readonly string[] ExtraChecks = ["NeedsAnalysis", "IsKnownScanFailure", "FindTrackByPath", "FindAnalysis", "FindTrack"];

    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void NewUnchangedFailedAndTouchedFiles_AreEachCheckedOnce()
    {
        var files = new[] { _lib.Wav("a.wav", 220, 1), _lib.Wav("b.wav", 330, 2), _lib.Wav("c.wav", 440, 3) };
        var bad = _lib.Garbage("bad.wav");
        using var inner = new SqliteCatalogStore(_lib.CatalogPath);
        var (store, recorder) = RecordingStore.Wrap(inner);
        var analyzer = new MomentsAnalyzer("m", 22050);
        var options = new ScanOptions { Root = _lib.Root, Workers = 2, BatchSize = 2 };
        ScanReport Scan() => new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), analyzer, ContentHasher.Compute).Scan(options);

        var first = Scan();
        AssertOneCheckPerFile(recorder, [.. files, bad]);
        Assert.Equal((3, 1), (first.Analysed, first.FailedCount));

        recorder.Clear();
        var second = Scan();
        AssertOneCheckPerFile(recorder, [.. files, bad]);
        Assert.Equal((3L, 1L, 0L), (second.SkippedUnchanged, second.KnownFailures, second.Analysed));

        recorder.Clear();
        File.SetLastWriteTimeUtc(files[1], File.GetLastWriteTimeUtc(files[1]).AddMinutes(5)); // touched, same content
        var third = Scan();
        AssertOneCheckPerFile(recorder, [.. files, bad]);
        Assert.Equal((1L, 0L), (third.Touched, third.Analysed));
        var restamped = Assert.Single(recorder.Of("UpsertTrack"));
        Assert.Equal(files[1], ((Timbre.Core.Catalog.TrackRecord)restamped.Args[0]!).Path);
        Assert.Equal(3, analyzer.Calls);
    }

    private static void AssertOneCheckPerFile(RecordingStore recorder, IReadOnlyList<string> files)
    {
        var checks = recorder.Of("FindStoredFile").Select(c => (string)c.Args[0]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files.Order(StringComparer.Ordinal), checks);
        Assert.DoesNotContain(recorder.Calls, c => ExtraChecks.Contains(c.Method));
    }
}
