using Timbre.App.Analysis;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Scanning;

/// <summary>The writer and the workers use the id the scan began with; the store does not guess it.</summary>
public sealed class ScanIdTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void EveryScanWrite_CarriesTheIdBeginScanReturned_EvenWhenANewerScanExists()
    {
        _lib.Wav("a.wav", 220, 1);
        _lib.Wav("b.wav", 330, 2);
        var touched = _lib.Wav("c.wav", 440, 3);
        using var inner = new SqliteCatalogStore(_lib.CatalogPath);
        // Another scan of the catalog begins right after ours: "the highest scan id" is no longer ours.
        var (store, recorder) = RecordingStore.Wrap(inner, (r, method, args) =>
        {
            if (method != nameof(ICatalogStore.BeginScan))
            {
                return null;
            }

            var ours = r.Inner.BeginScan((string)args[0]!);
            r.Inner.BeginScan("/elsewhere");
            return ours;
        });
        var options = new ScanOptions { Root = _lib.Root, Workers = 2, BatchSize = 1 };
        ScanReport Scan() => new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), new MomentsAnalyzer("m", 22050), ContentHasher.Compute).Scan(options);

        Scan();
        var firstId = (long)Assert.Single(recorder.Of("BeginScan")).Result!;
        AssertAllWritesUse(recorder, firstId, "SaveAnalysesBatch", "MarkMissingNotSeen", "FinishScan", "ClearAnalysesInProgress");
        Assert.All(recorder.Of("MarkAnalysisStarted"), c => Assert.Equal(firstId, ((AnalysisInProgressRecord)c.Args[0]!).ScanId));

        recorder.Clear();
        File.SetLastWriteTimeUtc(touched, File.GetLastWriteTimeUtc(touched).AddMinutes(1));
        var second = Scan();
        var secondId = (long)Assert.Single(recorder.Of("BeginScan")).Result!;
        Assert.NotEqual(firstId, secondId);
        AssertAllWritesUse(recorder, secondId, "MarkSeen", "UpsertTrack", "MarkMissingNotSeen", "FinishScan");
        Assert.Equal(0, second.Missing);
        Assert.Equal(3, inner.GetStats().PresentTracks);
    }

    [Fact]
    public void TheStore_StampsTracksWithTheGivenScan_NotTheNewest()
    {
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var ours = store.BeginScan(_lib.Root);
        var newer = store.BeginScan(_lib.Root);
        var track = new TrackRecord { Path = Path.Combine(_lib.Root, "x.wav"), SizeBytes = 1, ModifiedUtc = DateTime.UtcNow };
        var analysis = new AnalysisRecord { ModelId = "m", FeatureVersion = 1, Embedding = [1f], GenreLabels = [], GenreProbabilities = [], AnalysedAt = DateTimeOffset.UtcNow };

        store.SaveAnalysesBatch([(track, analysis)], ours);

        // Seen by our scan only: the newer scan, which did not see it, marks it missing.
        Assert.Equal(1, store.MarkMissingNotSeen(newer, _lib.Root));
        store.UpsertTrack(track, newer);
        Assert.Equal(0, store.MarkMissingNotSeen(newer, _lib.Root));
    }

    private static void AssertAllWritesUse(RecordingStore recorder, long scanId, params string[] methods)
    {
        foreach (var method in methods)
        {
            var calls = recorder.Of(method);
            Assert.NotEmpty(calls);
            Assert.All(calls, c => Assert.Equal(scanId, (long?)c.Arg("scanId")));
        }
    }
}
