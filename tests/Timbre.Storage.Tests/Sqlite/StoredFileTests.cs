using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>
/// <see cref="IScanRepository.FindStoredFile"/> — the scan's one read per file — answers exactly as the per-model
/// queries <see cref="IScanRepository.NeedsAnalysis"/> and <see cref="IScanRepository.IsKnownScanFailure"/> do.
/// </summary>
public sealed class StoredFileTests
{
    private const string Model = SyntheticLibrary.ModelId;
    private const int Version = SyntheticLibrary.FeatureVersion;

    [Fact]
    public void FindStoredFile_AgreesWithNeedsAnalysis_ForEveryChangeKind()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var t = SyntheticLibrary.Track(1) with { ContentHash = "h1:aaa" };
        Assert.Same(StoredFile.Unknown, store.FindStoredFile(t.Path));
        AssertAgrees(store, t);

        store.UpsertTrack(t);
        AssertAgrees(store, t);

        store.SaveAnalysesBatch([(t, SyntheticLibrary.Analysis(1, 8))]);
        var stored = store.FindStoredFile(t.Path);
        Assert.Equal([(Model, Version)], stored.AnalysisSets);
        Assert.Equal(t.ContentHash, stored.Track!.ContentHash);
        AssertAgrees(store, t);
    }

    [Fact]
    public void FindStoredFile_AgreesWithIsKnownScanFailure()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var mtime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        store.RecordScanFailures(
        [
            new ScanFailureRecord { Path = "/m/decode.mp3", SizeBytes = 100, ModifiedUtc = mtime, Reason = "bad" },
            new ScanFailureRecord { Path = "/m/nan.wav", SizeBytes = 100, ModifiedUtc = mtime, Reason = "nan", ModelId = "cnn", FeatureVersion = 3 },
        ]);

        foreach (var path in new[] { "/m/decode.mp3", "/m/nan.wav", "/m/other.mp3" })
        {
            var stored = store.FindStoredFile(path);
            foreach (var (size, time) in new[] { (100L, mtime), (101L, mtime), (100L, mtime.AddTicks(1)), (100L, DateTime.SpecifyKind(mtime, DateTimeKind.Unspecified)) })
            {
                foreach (var (model, version) in new[] { ("cnn", 3), ("cnn", 4), ("summary", 3) })
                {
                    Assert.Equal(store.IsKnownScanFailure(path, size, time, model, version), stored.IsKnownFailure(size, time, model, version));
                }
            }
        }

        Assert.True(store.FindStoredFile("/m/nan.wav").IsKnownFailure(100, mtime, "cnn", 3));
    }

    private static void AssertAgrees(SqliteCatalogStore store, TrackRecord t)
    {
        var stored = store.FindStoredFile(t.Path);
        var cases = new (long Size, DateTime Mtime, string? Hash, string Model, int Version)[]
        {
            (t.SizeBytes, t.ModifiedUtc, null, Model, Version),
            (t.SizeBytes, t.ModifiedUtc, "h1:aaa", Model, Version),
            (t.SizeBytes + 1, t.ModifiedUtc, null, Model, Version),
            (t.SizeBytes + 1, t.ModifiedUtc, "h1:aaa", Model, Version),
            (t.SizeBytes, t.ModifiedUtc.AddTicks(1), null, Model, Version),
            (t.SizeBytes, t.ModifiedUtc.AddHours(1), "h1:aaa", Model, Version),
            (t.SizeBytes, t.ModifiedUtc, "h1:bbb", Model, Version),
            (t.SizeBytes, t.ModifiedUtc, null, "other-model", Version),
            (t.SizeBytes, t.ModifiedUtc, null, Model, Version + 1),
        };
        foreach (var c in cases)
        {
            Assert.Equal(store.NeedsAnalysis(t.Path, c.Size, c.Mtime, c.Hash, c.Model, c.Version), stored.NeedsAnalysis(c.Size, c.Mtime, c.Hash, c.Model, c.Version));
        }
    }
}
