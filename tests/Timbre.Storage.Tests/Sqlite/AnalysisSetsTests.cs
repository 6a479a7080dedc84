using Timbre.Storage.CrashWriter;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class AnalysisSetsTests
{
    [Fact]
    public void ListAnalysisSets_CountsPresentTracks_LargestFirst_WithLabelsAndNewestTime()
    {
        using var temp = new TempCatalog();
        using var store = temp.Open();
        Assert.Empty(store.ListAnalysisSets());

        var tracks = TempCatalog.SaveSynthetic(store, 0, 5, dim: 4);
        store.SaveAnalysesBatch(tracks.Take(3).Select((t, i) => (t, SyntheticLibrary.Analysis(i, 6) with { ModelId = "other", FeatureVersion = 7, GenreLabels = [], GenreProbabilities = [] })));

        var sets = store.ListAnalysisSets();
        Assert.Equal(2, sets.Count);
        Assert.Equal((SyntheticLibrary.ModelId, SyntheticLibrary.FeatureVersion, 4, 5L), (sets[0].ModelId, sets[0].FeatureVersion, sets[0].EmbeddingDimension, sets[0].Count));
        Assert.Equal(SyntheticLibrary.Labels, sets[0].GenreLabels);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_004), sets[0].LastAnalysedAt);
        Assert.Equal(("other", 7, 6, 3L), (sets[1].ModelId, sets[1].FeatureVersion, sets[1].EmbeddingDimension, sets[1].Count));
        Assert.Empty(sets[1].GenreLabels);

        // Tracks marked missing no longer count; a set can become empty but is still listed.
        var scan = store.BeginScan("/library");
        store.MarkSeen(scan, tracks.Skip(3).Select(t => t.Path));
        store.MarkMissingNotSeen(scan, "/library");
        sets = store.ListAnalysisSets();
        Assert.Equal(2L, sets[0].Count);
        Assert.Equal(("other", 0L, null), (sets[1].ModelId, sets[1].Count, sets[1].LastAnalysedAt));
    }
}
