using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class AnalysisTests
{
    private const string Model = SyntheticLibrary.ModelId;
    private const int Version = SyntheticLibrary.FeatureVersion;

    private static void AssertSameAnalysis(AnalysisRecord expected, AnalysisRecord actual)
    {
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.FeatureVersion, actual.FeatureVersion);
        Assert.Equal(expected.Embedding, actual.Embedding); // exact: float32 round trip
        Assert.Equal(expected.GenreLabels, actual.GenreLabels);
        Assert.Equal(expected.GenreProbabilities, actual.GenreProbabilities);
        Assert.Equal(expected.SummaryFeatures, actual.SummaryFeatures);
        Assert.Equal(expected.AnalysedAt, actual.AnalysedAt);
    }

    [Fact]
    public void FloatBlob_RoundTripIsBitExact_IncludingSpecialValues()
    {
        float[] values = [0f, -0f, 1f, -1.5f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-38f, 3.14159265f, BitConverter.Int32BitsToSingle(0x7FC00001)];
        var bytes = FloatBlob.Encode(values);
        Assert.Equal(values.Length * 4, bytes.Length);
        Assert.Equal(new byte[] { 0x00, 0x00, 0xC0, 0xBF }, bytes[12..16]); // -1.5f little-endian
        var back = FloatBlob.Decode(bytes, values.Length, "test");
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void FloatBlob_WrongLength_Throws()
    {
        Assert.Throws<CatalogException>(() => FloatBlob.Decode(new byte[7], 2, "test"));
        Assert.Throws<CatalogException>(() => FloatBlob.Decode(new byte[12], 2, "test"));
    }

    [Fact]
    public void SaveAndFind_RoundTripsExactly_ThroughTheFile()
    {
        using var tmp = new TempCatalog();
        var rng = new Random(7);
        var embedding = Enumerable.Range(0, 128).Select(_ => (float)(rng.NextDouble() * 2 - 1) * 1e3f).ToArray();
        var analysis = SyntheticLibrary.Analysis(5, 1) with { Embedding = embedding };
        long id;
        using (var store = tmp.Open())
        {
            id = store.SaveAnalysesBatch([(SyntheticLibrary.Track(5), analysis)])[0].Id;
        }

        using (var store = tmp.Open())
        {
            var found = store.FindAnalysis(id, Model, Version)!;
            Assert.Equal(id, found.TrackId);
            AssertSameAnalysis(analysis, found);
            Assert.Equal(SyntheticLibrary.Labels[5 % 4], found.TopGenre);
            Assert.Null(store.FindAnalysis(id, Model, Version + 1));
            Assert.Null(store.FindAnalysis(id, "other", Version));
        }
    }

    [Fact]
    public void Resaving_ReplacesTheAnalysis_NeverDuplicates()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 10);
        TempCatalog.SaveSynthetic(store, 5, 10);
        var newer = SyntheticLibrary.Analysis(3, 8) with { Embedding = new float[8], AnalysedAt = DateTimeOffset.FromUnixTimeSeconds(5) };
        store.SaveAnalysesBatch([(SyntheticLibrary.Track(3), newer)]);

        Assert.Equal(15, store.CountAnalyses(Model, Version));
        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM (SELECT track_id FROM analyses GROUP BY track_id, model_id, feature_version HAVING COUNT(*) > 1)"));
        var t3 = store.FindTrackByPath(SyntheticLibrary.Track(3).Path)!;
        AssertSameAnalysis(newer, store.FindAnalysis(t3.Id, Model, Version)!);
    }

    [Fact]
    public void Batch_ExceptionInTheMiddle_LeavesNoneOfIt()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 5);
        var changedTrack0 = SyntheticLibrary.Track(0) with { SizeBytes = 1, Title = "changed" };

        IEnumerable<(TrackRecord, AnalysisRecord)> Failing()
        {
            yield return (changedTrack0, SyntheticLibrary.Analysis(0, 8));
            for (var i = 100; i < 150; i++)
            {
                yield return (SyntheticLibrary.Track(i), SyntheticLibrary.Analysis(i, 8));
            }

            throw new IOException("decoder died");
        }

        Assert.Throws<IOException>(() => store.SaveAnalysesBatch(Failing()));
        Assert.Equal(5, store.GetStats().PresentTracks);
        Assert.Equal(5, store.GetStats().Analyses);
        Assert.Null(store.FindTrackByPath(SyntheticLibrary.Track(100).Path));
        var track0 = store.FindTrackByPath(SyntheticLibrary.Track(0).Path)!;
        Assert.Equal(("Track 0", SyntheticLibrary.Track(0).SizeBytes), (track0.Title, track0.SizeBytes));
        Assert.NotNull(store.FindAnalysis(track0.Id, Model, Version));

        // The store is still usable after the rollback.
        TempCatalog.SaveSynthetic(store, 100, 2);
        Assert.Equal(7, store.CountAnalyses(Model, Version));
    }

    [Fact]
    public void Batch_DimensionMismatch_IsRejectedAndRolledBack()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 3, dim: 16);
        var batch = new[]
        {
            (SyntheticLibrary.Track(10), SyntheticLibrary.Analysis(10, 16)),
            (SyntheticLibrary.Track(11), SyntheticLibrary.Analysis(11, 17)),
        };
        var e = Assert.Throws<CatalogException>(() => store.SaveAnalysesBatch(batch));
        Assert.Contains("embedding 17 vs 16", e.Message);
        Assert.Equal(3, store.CountAnalyses(Model, Version));

        var wrongLabels = SyntheticLibrary.Analysis(12, 16) with { GenreLabels = ["a", "b", "c", "d"] };
        Assert.Throws<CatalogException>(() => store.SaveAnalysesBatch([(SyntheticLibrary.Track(12), wrongLabels)]));
        var unequal = SyntheticLibrary.Analysis(12, 16) with { GenreProbabilities = [1f] };
        Assert.Throws<CatalogException>(() => store.SaveAnalysesBatch([(SyntheticLibrary.Track(12), unequal)]));
        Assert.Throws<CatalogException>(() => store.SaveAnalysesBatch([(SyntheticLibrary.Track(12), SyntheticLibrary.Analysis(12, 0))]));
        Assert.Equal(3, store.GetStats().PresentTracks);
    }

    [Fact]
    public void NewSetInRolledBackBatch_IsNotRemembered()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        IEnumerable<(TrackRecord, AnalysisRecord)> Failing()
        {
            yield return (SyntheticLibrary.Track(0), SyntheticLibrary.Analysis(0, 16));
            throw new IOException("boom");
        }

        Assert.Throws<IOException>(() => store.SaveAnalysesBatch(Failing()));
        TempCatalog.SaveSynthetic(store, 1, 2, dim: 32); // a different dimension is fine: the 16-d set never existed
        Assert.Equal(32, store.ReadAnalyses(Model, Version).First().Embedding.Length);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void NeedsAnalysis_FollowsTheIncrementalRule()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var t = SyntheticLibrary.Track(1) with { ContentHash = "h1:aaa" };
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, Version)); // not catalogued

        store.UpsertTrack(t);
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, Version)); // no analysis yet

        store.SaveAnalysesBatch([(t, SyntheticLibrary.Analysis(1, 8))]);
        Assert.False(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, Version)); // unchanged
        Assert.False(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, "h1:aaa", Model, Version));
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes + 1, t.ModifiedUtc, null, Model, Version)); // size
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes + 1, t.ModifiedUtc, "h1:aaa", Model, Version)); // size beats hash
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc.AddTicks(1), null, Model, Version)); // mtime
        Assert.False(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc.AddHours(1), "h1:aaa", Model, Version)); // touched only
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, "h1:bbb", Model, Version)); // content changed
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, "other-model", Version)); // other model
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, Version + 1)); // other features
    }

    [Fact]
    public void ChangedFile_DropsItsAnalysesOfEveryModel()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var t = SyntheticLibrary.Track(1);
        store.SaveAnalysesBatch([(t, SyntheticLibrary.Analysis(1, 8))]);
        store.SaveAnalysesBatch([(t, SyntheticLibrary.Analysis(1, 4) with { ModelId = "other" })]);
        Assert.Equal(2, store.GetStats().Analyses);

        var changed = t with { SizeBytes = t.SizeBytes + 10 };
        store.SaveAnalysesBatch([(changed, SyntheticLibrary.Analysis(1, 8))]);
        Assert.Equal(1, store.GetStats().Analyses);
        Assert.True(store.NeedsAnalysis(t.Path, changed.SizeBytes, t.ModifiedUtc, null, "other", Version));

        // Re-tagging without a file change keeps analyses.
        store.UpsertTrack(changed with { Title = "retagged" });
        Assert.Equal(1, store.GetStats().Analyses);
    }

    [Fact]
    public void ReadAnalyses_StreamsPresentTracksInIdOrder_OfOneVersionOnly()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var saved = TempCatalog.SaveSynthetic(store, 0, 30);
        store.SaveAnalysesBatch([(SyntheticLibrary.Track(3), SyntheticLibrary.Analysis(3, 8) with { FeatureVersion = Version + 1 })]);
        var scan = store.BeginScan("/library");
        store.MarkSeen(scan, saved.Where(t => t.Id % 3 != 0).Select(t => t.Path));
        store.MarkMissingNotSeen(scan, "/library");

        var read = store.ReadAnalyses(Model, Version).ToList();
        Assert.Equal(saved.Where(t => t.Id % 3 != 0).Select(t => t.Id), read.Select(a => a.TrackId));
        foreach (var a in read)
        {
            var i = saved.ToList().FindIndex(t => t.Id == a.TrackId);
            AssertSameAnalysis(SyntheticLibrary.Analysis(i, 8), a);
        }

        Assert.Equal(read.Count, store.CountAnalyses(Model, Version));
        Assert.Empty(store.ReadAnalyses("no-such-model", Version));
    }

    [Fact]
    public void ReadAnalyses_CanRunWhileTheSameStoreWrites()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 20);
        var count = 0;
        foreach (var a in store.ReadAnalyses(Model, Version))
        {
            count++;
            if (count == 5)
            {
                TempCatalog.SaveSynthetic(store, 1000, 5); // reader keeps its snapshot
            }
        }

        Assert.Equal(20, count);
        Assert.Equal(25, store.ReadAnalyses(Model, Version).Count());
    }

    [Fact]
    public void ReadAnalyses_TruncatedEmbeddingBlob_IsReportedAsCorrupt()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 3);
        tmp.Exec("UPDATE analyses SET embedding = substr(embedding, 1, 28) WHERE id = 2");
        var e = Assert.Throws<CatalogException>(() => store.ReadAnalyses(Model, Version).ToList());
        Assert.Contains("28 bytes", e.Message);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ReadAnalyses_MemoryStaysFlat()
    {
        // 20 000 × 256-d embeddings ≈ 20 MB of vectors; streaming must keep only a row at a time alive.
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        for (var b = 0; b < 20; b++)
        {
            TempCatalog.SaveSynthetic(store, b * 1000, 1000, dim: 256);
        }

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var n = 0;
        double checksum = 0;
        foreach (var a in store.ReadAnalyses(Model, Version))
        {
            checksum += a.Embedding[0];
            if (++n % 2000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(20_000, n);
        Assert.True(double.IsFinite(checksum));
        Assert.True(peak < 4_000_000, $"live memory grew by {peak} bytes while streaming");
    }

    [Fact]
    public void DeleteAnalysesExcept_KeepsOnlyTheCurrentVersion()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        TempCatalog.SaveSynthetic(store, 0, 4);
        store.SaveAnalysesBatch(Enumerable.Range(0, 4).Select(i => (SyntheticLibrary.Track(i), SyntheticLibrary.Analysis(i, 12) with { FeatureVersion = Version + 1 })));
        store.SaveAnalysesBatch([(SyntheticLibrary.Track(0), SyntheticLibrary.Analysis(0, 3) with { ModelId = "m2" })]);
        Assert.Equal(9, store.GetStats().Analyses);

        Assert.Equal(5, store.DeleteAnalysesExcept(Model, Version + 1));
        Assert.Equal(4, store.CountAnalyses(Model, Version + 1));
        Assert.Equal(0, store.CountAnalyses(Model, Version));
        Assert.Equal(1, tmp.Scalar("SELECT COUNT(*) FROM analysis_sets"));
        var t = SyntheticLibrary.Track(0);
        Assert.True(store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, Version));

        // The old version can be written again with another dimension (its set was dropped).
        TempCatalog.SaveSynthetic(store, 0, 1, dim: 64);
        Assert.Equal(64, store.ReadAnalyses(Model, Version).Single().Embedding.Length);
    }
}
