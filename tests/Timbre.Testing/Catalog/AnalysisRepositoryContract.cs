using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="IAnalysisRepository"/>.</summary>
public abstract class AnalysisRepositoryContract : CatalogContract
{
    [Fact]
    public void SaveAnalysesBatch_UpsertsTheTracks_AndAnalysesReadBackExactly()
    {
        var saved = SaveAnalysed(1, 3);

        Assert.Equal([Track(1).Path, Track(2).Path, Track(3).Path], saved.Select(t => t.Path));
        Assert.All(saved, t => Assert.Equal(t, Tracks.FindTrack(t.Id)));
        var found = Analyses.FindAnalysis(saved[1].Id, Model, 1)!;
        var expected = Analysis(2);
        Assert.Equal(saved[1].Id, found.TrackId);
        Assert.Equal(expected.Embedding, found.Embedding);
        Assert.Equal(expected.GenreLabels, found.GenreLabels);
        Assert.Equal(expected.GenreProbabilities, found.GenreProbabilities);
        Assert.Equal(expected.SummaryFeatures, found.SummaryFeatures);
        Assert.Equal(expected.AnalysedAt, found.AnalysedAt);
        Assert.Null(Analyses.FindAnalysis(saved[1].Id, Model, 2));
        Assert.Null(Analyses.FindAnalysis(saved[1].Id, "other-model", 1));
    }

    [Fact]
    public void ReadAnalyses_StreamsOneSetOfPresentTracksInTrackIdOrder_AndCountAgrees()
    {
        var saved = SaveAnalysed(1, 4);
        SaveAnalysed(10, 2, "other-model");
        var scan = Scans.BeginScan("/music");
        Scans.MarkSeen(scan, saved.Take(3).Select(t => t.Path));
        Scans.MarkMissingNotSeen(scan, "/music");

        var read = Analyses.ReadAnalyses(Model, 1).ToList();

        Assert.Equal(saved.Take(3).Select(t => t.Id), read.Select(a => a.TrackId));
        Assert.Equal(3, Analyses.CountAnalyses(Model, 1));
        Assert.Empty(Analyses.ReadAnalyses(Model, 7));
        Assert.Equal(0, Analyses.CountAnalyses(Model, 7));
    }

    [Fact]
    public void ABatchThatBreaksTheSetsShape_IsACatalogException_AndSavesNothing()
    {
        SaveAnalysed(1, 1);

        Assert.Throws<CatalogException>(() => Analyses.SaveAnalysesBatch(
            [(Track(2), Analysis(2)), (Track(3), Analysis(3, dim: 5))]));
        Assert.Throws<CatalogException>(() => Analyses.SaveAnalysesBatch(
            [(Track(4), Analysis(4) with { GenreLabels = ["a", "b", "c"] })]));

        Assert.Equal(1, Tracks.ListTracks(new TrackQuery()).Total);
        Assert.Equal(1, Analyses.CountAnalyses(Model, 1));
    }

    [Fact]
    public void ABatchWhoseEnumerationThrows_SavesNothing()
    {
        Assert.Throws<InvalidOperationException>(() => Analyses.SaveAnalysesBatch(Failing()));

        Assert.Equal(0, Tracks.ListTracks(new TrackQuery()).Total);

        static IEnumerable<(TrackRecord, AnalysisRecord)> Failing()
        {
            yield return (Track(1), Analysis(1));
            throw new InvalidOperationException("the caller's enumerable failed");
        }
    }

    [Fact]
    public void OneBatch_WithAFileAnalysedByTwoModels_SavesOneTrackWithBothAnalyses_InInputOrder()
    {
        var saved = Analyses.SaveAnalysesBatch(
            [(Track(2), Analysis(2)), (Track(1), Analysis(1)), (Track(2), Analysis(7, "other-model", 3, dim: 6))]);

        Assert.Equal([Track(2).Path, Track(1).Path, Track(2).Path], saved.Select(t => t.Path));
        Assert.Equal(saved[0].Id, saved[2].Id);
        Assert.True(saved[0].Id < saved[1].Id, "ids follow the input order");
        Assert.Equal(2, Tracks.ListTracks(new TrackQuery()).Total);
        Assert.Equal(Analysis(2).Embedding, Analyses.FindAnalysis(saved[0].Id, Model, 1)!.Embedding);
        Assert.Equal(Analysis(7, "other-model", 3, dim: 6).Embedding, Analyses.FindAnalysis(saved[0].Id, "other-model", 3)!.Embedding);
    }

    [Fact]
    public void SavingAChangedFile_DropsItsAnalysesOfEveryModel()
    {
        var track = SaveAnalysed(1, 1)[0];
        SaveAnalysed(1, 1, "other-model");
        Assert.NotNull(Analyses.FindAnalysis(track.Id, Model, 1));

        Analyses.SaveAnalysesBatch([(Track(1) with { SizeBytes = 5 }, Analysis(1, "other-model"))]);

        Assert.Null(Analyses.FindAnalysis(track.Id, Model, 1));
        Assert.NotNull(Analyses.FindAnalysis(track.Id, "other-model", 1));
    }

    [Fact]
    public void ListAnalysisSets_GivesSizesLargestFirst_AndDeleteAnalysesExceptKeepsOne()
    {
        SaveAnalysed(1, 3);
        SaveAnalysed(1, 1, "other-model", 2);

        var sets = Analyses.ListAnalysisSets();

        Assert.Equal([(Model, 1, 3L), ("other-model", 2, 1L)], sets.Select(s => (s.ModelId, s.FeatureVersion, s.Count)));
        Assert.Equal(4, sets[0].EmbeddingDimension);
        Assert.Equal(Labels, sets[0].GenreLabels);
        Assert.Equal(Analysis(3).AnalysedAt, sets[0].LastAnalysedAt);

        Assert.Equal(3, Analyses.DeleteAnalysesExcept("other-model", 2));
        Assert.Equal(["other-model"], Analyses.ListAnalysisSets().Select(s => s.ModelId));
        Assert.Equal(0, Analyses.CountAnalyses(Model, 1));
    }

    [Fact]
    public void InProgressMarks_OnePerWorker_FailIntoScanFailures_AndClearWithTheirScan()
    {
        var scan = Scans.BeginScan("/music");
        Analyses.MarkAnalysisStarted(Mark("/music/a.flac", scan, worker: 0));
        Analyses.MarkAnalysisStarted(Mark("/music/b.flac", scan, worker: 0)); // replaces a
        Analyses.MarkAnalysisStarted(Mark("/music/c.flac", scan, worker: 1));
        Analyses.MarkAnalysisStarted(Mark(Track(4).Path, scan, worker: 2));

        Assert.Equal([Track(4).Path, "/music/b.flac", "/music/c.flac"], Analyses.ListAnalysesInProgress().Select(m => m.Path)); // by path
        var marked = Analyses.ListAnalysesInProgress()[1];
        Assert.Equal((scan, 0, 42, 77L, T0), (marked.ScanId, marked.Worker, marked.ProcessId, marked.SizeBytes, marked.ModifiedUtc));

        var failed = Analyses.FailAnalysesInProgress(["/music/b.flac", "/music/unmarked.flac"], "killed while analysing");
        Assert.Equal(["/music/b.flac"], failed.Select(f => f.Path));
        Assert.Null(failed[0].ModelId);
        Assert.Equal(77, failed[0].SizeBytes);
        Assert.True(Scans.IsKnownScanFailure("/music/b.flac", 77, T0, Model, 1));

        SaveAnalysed(4, 1); // a saved file loses its mark
        Assert.Equal(["/music/c.flac"], Analyses.ListAnalysesInProgress().Select(m => m.Path));
        Assert.Equal(1, Analyses.ClearAnalysesInProgress(scan));
        Assert.Empty(Analyses.ListAnalysesInProgress());

        static AnalysisInProgressRecord Mark(string path, long scan, int worker) =>
            new() { Path = path, SizeBytes = 77, ModifiedUtc = T0, ScanId = scan, Worker = worker, ProcessId = 42 };
    }

    [Fact]
    public void EmbeddingSpace_IsAbsentUntilSaved_ReadsBackExactly_AndNullRemovesIt()
    {
        Assert.Null(Analyses.FindEmbeddingSpace());
        var space = new EmbeddingSpaceRecord
        {
            Sets = [new SpaceSetRecord(Model, 1, 4)],
            Blocks =
            [
                new SpaceBlockRecord { Name = "all", Dimensions = [0, 1, 2, 3], Centre = [0.1f, 0.2f, 1f / 3, -7.5f], Scale = [1, 2, 3, 4] },
            ],
            Clamp = 5,
            RobustScaling = true,
            FittedOn = 3,
            FittedAt = new DateTimeOffset(T0),
        };

        Analyses.SaveEmbeddingSpace(space);
        var found = Analyses.FindEmbeddingSpace()!;

        Assert.Equal(space.Sets, found.Sets);
        Assert.Equal(space.Blocks[0].Centre, found.Blocks[0].Centre);
        Assert.Equal(space.Blocks[0].Dimensions, found.Blocks[0].Dimensions);
        Assert.Equal((5f, true, 3, space.FittedAt), (found.Clamp, found.RobustScaling, found.FittedOn, found.FittedAt));

        Analyses.SaveEmbeddingSpace(null);
        Assert.Null(Analyses.FindEmbeddingSpace());
    }
}
