using Timbre.Storage.CrashWriter;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>
/// kill -9 during a scan-like writer (tests/Timbre.Storage.CrashWriter, run as a child with `dotnet`), then reopen:
/// the file is sound, holds exactly the committed batches with complete rows, and a rerun completes the catalog.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrashTests
{
    [Fact]
    public void KillInsideAnOpenBatch_KeepsCommittedBatchesOnly_ThenResumeCompletes()
    {
        using var tmp = new TempCatalog();
        const int total = 400, batch = 40, dim = 64, pauseAt = 3;
        using (var writer = CrashWriterProcess.Start(tmp.Path, total, batch, dim, pauseAt))
        {
            writer.WaitFor("PAUSED");
            Assert.Equal(pauseAt * batch, writer.LastCommitted);
            writer.Kill();
        }

        AssertCatalogSound(tmp, dim, expectedTracks: pauseAt * batch);

        using (var writer = CrashWriterProcess.Start(tmp.Path, total, batch, dim))
        {
            writer.WaitFor($"DONE {total - (pauseAt * batch)}");
            Assert.Equal(0, writer.WaitForExit());
        }

        AssertCatalogSound(tmp, dim, expectedTracks: total);
    }

    [Fact]
    public void KillAtAnArbitraryMoment_LeavesWholeBatches_ThenResumeCompletes()
    {
        using var tmp = new TempCatalog();
        const int total = 6000, batch = 50, dim = 128, delayMs = 5; // ≥ 0.6 s per full run: the kills land mid-way
        int committedBeforeKill;
        using (var writer = CrashWriterProcess.Start(tmp.Path, total, batch, dim, delayMs: delayMs))
        {
            writer.WaitFor("COMMITTED 200"); // the writer keeps going; the kill lands wherever it is
            writer.Kill();
            committedBeforeKill = writer.LastCommitted;
        }

        var tracks = AssertCatalogSound(tmp, dim, expectedTracks: null);
        Assert.True(tracks >= committedBeforeKill, $"{tracks} tracks < {committedBeforeKill} reported committed");
        Assert.True(tracks < total, "the writer finished before the kill landed; nothing left to resume");
        Assert.Equal(0, tracks % batch);

        // Kill twice more while resuming (unless a resume already finishes the library), then finish.
        for (var round = 0; round < 2; round++)
        {
            using var writer = CrashWriterProcess.Start(tmp.Path, total, batch, dim, delayMs: delayMs);
            if (writer.WaitFor("COMMITTED 100", orDone: true))
            {
                break;
            }

            writer.Kill();
            AssertCatalogSound(tmp, dim, expectedTracks: null);
        }

        using (var writer = CrashWriterProcess.Start(tmp.Path, total, batch, dim))
        {
            Assert.Equal(0, writer.WaitForExit());
        }

        AssertCatalogSound(tmp, dim, expectedTracks: total);
    }

    /// <summary>Checks soundness and that every stored row is exactly what the writer meant; returns the track count.</summary>
    private static long AssertCatalogSound(TempCatalog tmp, int dim, long? expectedTracks)
    {
        using var store = tmp.Open();
        Assert.Equal("ok", store.IntegrityCheck());
        var stats = store.GetStats();
        if (expectedTracks is { } n)
        {
            Assert.Equal(n, stats.PresentTracks);
        }

        // A track is written in the same transaction as its analysis: never one without the other.
        Assert.Equal(stats.PresentTracks, stats.Analyses);
        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM analyses a LEFT JOIN tracks t ON t.id = a.track_id WHERE t.id IS NULL"));
        Assert.Equal(0, tmp.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM analyses GROUP BY track_id, model_id, feature_version HAVING COUNT(*) > 1)"));
        Assert.Equal(0, tmp.Scalar($"SELECT COUNT(*) FROM analyses WHERE length(embedding) <> {dim * 4} OR length(genre_probs) <> 16 OR length(summary) <> {SyntheticLibrary.SummaryDim * 4}"));

        var read = 0L;
        foreach (var a in store.ReadAnalyses(SyntheticLibrary.ModelId, SyntheticLibrary.FeatureVersion))
        {
            var track = store.FindTrack(a.TrackId)!;
            var i = int.Parse(track.Path[^11..^5], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(SyntheticLibrary.Track(i) with { Id = track.Id }, track);
            var expected = SyntheticLibrary.Analysis(i, dim);
            Assert.Equal(expected.Embedding, a.Embedding);
            Assert.Equal(expected.GenreProbabilities, a.GenreProbabilities);
            Assert.Equal(expected.SummaryFeatures, a.SummaryFeatures);
            read++;
        }

        Assert.Equal(stats.Analyses, read);
        return stats.PresentTracks;
    }
}
