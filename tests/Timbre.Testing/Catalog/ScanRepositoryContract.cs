using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="IScanRepository"/>.</summary>
public abstract class ScanRepositoryContract : CatalogContract
{
    [Fact]
    public void NeedsAnalysis_IsFalseOnlyForAnUnchangedFileWithAnAnalysisOfThatModelAndVersion()
    {
        var t = Track(1) with { ContentHash = "h1:abc" };
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, t.ContentHash, Model, 1)); // not catalogued
        Analyses.SaveAnalysesBatch([(t, Analysis(1))]);

        Assert.False(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, t.ContentHash, Model, 1));
        Assert.False(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, Model, 1));
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes + 1, t.ModifiedUtc, t.ContentHash, Model, 1)); // size: always a change
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc.AddSeconds(1), null, Model, 1)); // mtime, no hash
        Assert.False(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc.AddSeconds(1), t.ContentHash, Model, 1)); // touched only
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, "h1:other", Model, 1)); // new content
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, t.ContentHash, Model, 2)); // no analysis at v2
        Assert.True(Scans.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, t.ContentHash, "other-model", 1));
    }

    [Fact]
    public void AScan_MarksMissingWhatItDidNotSee_UnderItsRootOnly_AndPruneDeletesThem()
    {
        var seen = Tracks.UpsertTrack(Track(1));
        var gone = Tracks.UpsertTrack(Track(2));
        var elsewhere = Tracks.UpsertTrack(Track(3, folder: "/music2"));

        var scan = Scans.BeginScan("/music");
        Assert.Equal(1, Scans.MarkSeen(scan, [seen.Path]));
        Assert.Equal(1, Scans.MarkMissingNotSeen(scan, "/music"));
        Scans.FinishScan(scan);

        Assert.Equal(TrackStatus.Missing, Tracks.FindTrack(gone.Id)!.Status);
        Assert.Equal(TrackStatus.Present, Tracks.FindTrack(seen.Id)!.Status);
        Assert.Equal(TrackStatus.Present, Tracks.FindTrack(elsewhere.Id)!.Status); // "/music2" is not under "/music/"
        Assert.Equal(2, Tracks.ListTracks(new TrackQuery()).Total);
        Assert.Equal(3, Tracks.ListTracks(new TrackQuery { IncludeMissing = true }).Total);

        Assert.Equal(1, Scans.PruneMissing());
        Assert.Null(Tracks.FindTrack(gone.Id));
    }

    [Fact]
    public void ATrackWrittenDuringAScan_CountsAsSeen_AndASeenMissingTrackComesBack()
    {
        var back = Tracks.UpsertTrack(Track(1));
        var first = Scans.BeginScan("/music");
        Scans.MarkMissingNotSeen(first, "/music");
        Assert.Equal(TrackStatus.Missing, Tracks.FindTrack(back.Id)!.Status);

        var second = Scans.BeginScan("/music");
        var saved = SaveAnalysed(2, 1)[0];
        Scans.MarkSeen(second, [back.Path]);

        Assert.Equal(0, Scans.MarkMissingNotSeen(second, "/music"));
        Assert.Equal(TrackStatus.Present, Tracks.FindTrack(back.Id)!.Status);
        Assert.Equal(TrackStatus.Present, Tracks.FindTrack(saved.Id)!.Status);
    }

    [Fact]
    public void RecordScanFailures_KeepsOneRowPerPath_CountingAttempts_AndKeepingTheFirstTime()
    {
        var failure = new ScanFailureRecord { Path = "/music/b.mp3", SizeBytes = 10, ModifiedUtc = T0, Reason = "bad header" };

        var first = Scans.RecordScanFailures([failure, failure with { Path = "/music/a.ogg" }]);
        var again = Scans.RecordScanFailures([failure with { Reason = "still bad", SizeBytes = 11 }]);

        Assert.Equal(["/music/b.mp3", "/music/a.ogg"], first.Select(f => f.Path));
        Assert.Equal(2, again[0].Attempts);
        Assert.Equal("still bad", again[0].Reason);
        Assert.Equal(11, again[0].SizeBytes);
        Assert.Equal(first[0].FirstFailedUtc, again[0].FirstFailedUtc);
        Assert.True(again[0].LastFailedUtc >= first[0].LastFailedUtc);
        Assert.Equal(["/music/a.ogg", "/music/b.mp3"], Scans.ListScanFailures().Select(f => f.Path));
    }

    [Fact]
    public void IsKnownScanFailure_NeedsTheSameFile_AndAModelIndependentOrMatchingFailure()
    {
        Scans.RecordScanFailures(
        [
            new ScanFailureRecord { Path = "/music/any.mp3", SizeBytes = 10, ModifiedUtc = T0, Reason = "cannot decode" },
            new ScanFailureRecord { Path = "/music/model.mp3", SizeBytes = 10, ModifiedUtc = T0, Reason = "analyser threw", ModelId = Model, FeatureVersion = 1 },
        ]);

        Assert.True(Scans.IsKnownScanFailure("/music/any.mp3", 10, T0, "whatever", 9));
        Assert.False(Scans.IsKnownScanFailure("/music/any.mp3", 11, T0, "whatever", 9));
        Assert.False(Scans.IsKnownScanFailure("/music/any.mp3", 10, T0.AddSeconds(1), "whatever", 9));
        Assert.True(Scans.IsKnownScanFailure("/music/model.mp3", 10, T0, Model, 1));
        Assert.False(Scans.IsKnownScanFailure("/music/model.mp3", 10, T0, Model, 2));
        Assert.False(Scans.IsKnownScanFailure("/music/model.mp3", 10, T0, "other-model", 1));
        Assert.False(Scans.IsKnownScanFailure("/music/none.mp3", 10, T0, Model, 1));
    }

    [Fact]
    public void ClearScanFailures_ForgetsThosePaths_AndASuccessfulSaveForgetsItsPath()
    {
        var t = Track(1);
        Scans.RecordScanFailures(
        [
            new ScanFailureRecord { Path = t.Path, SizeBytes = t.SizeBytes, ModifiedUtc = t.ModifiedUtc, Reason = "x" },
            new ScanFailureRecord { Path = "/music/a.mp3", Reason = "x" },
            new ScanFailureRecord { Path = "/music/b.mp3", Reason = "x" },
        ]);

        Assert.Equal(1, Scans.ClearScanFailures(["/music/a.mp3", "/music/never.mp3"]));
        Analyses.SaveAnalysesBatch([(t, Analysis(1))]);

        Assert.Equal(["/music/b.mp3"], Scans.ListScanFailures().Select(f => f.Path));
    }
}
