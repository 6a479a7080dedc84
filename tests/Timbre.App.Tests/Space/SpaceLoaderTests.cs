using Timbre.Analyzers;
using Timbre.App.Analysis;
using Timbre.App.Snapshot;
using Timbre.Audio;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Dsp.Summary;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Space;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Space;

/// <summary>Readers apply the stored space; an outside file lands where the same file in the catalog is.</summary>
public sealed class SpaceLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-space-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Six tone WAVs analysed into the catalog exactly as a scan does (FileAnalyzer).</summary>
    private (SqliteCatalogStore Store, string[] Files) Library()
    {
        var analyzer = new SummaryFeatureAnalyzer();
        var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var files = new[] { 220.0, 330.0, 440.0, 880.0, 1760.0, 3520.0 }.Select((f, i) =>
        {
            var path = Path.Combine(_dir, $"tone{i}.wav");
            WavWriter.WriteFile(path, Tone(f, (i + 1) * 0.1, analyzer.SampleRate));
            return path;
        }).ToArray();
        var fileAnalyzer = new FileAnalyzer(AudioDecoders.CreateDefault());
        store.SaveAnalysesBatch(files.Select(path =>
        {
            var a = fileAnalyzer.Analyze(path, [analyzer], AnalysisWindowOptions.Default).ThrowIfAnyFailed();
            return (new TrackRecord { Path = path, SizeBytes = 1, ModifiedUtc = DateTime.UnixEpoch }, a.Analyses[0]);
        }));
        return (store, files);
    }

    private static EmbeddingSpaceRecord Fit(ICatalogStore store)
    {
        var vectors = store.ReadAnalyses(SummaryFeatureAnalyzer.Id, FeaturesVersion.Current).Select(a => a.Embedding).ToList();
        var blocks = SummaryLayout.Dimensions.Select(d => EmbeddingBlocks.OfFeature(d.Feature)).ToArray();
        return EmbeddingSpaceFitter.Fit([new SpaceInput(new SpaceSetRecord(SummaryFeatureAnalyzer.Id, FeaturesVersion.Current, blocks.Length), blocks, vectors)]);
    }

    [Fact]
    public void AnOutsideFile_TransformedWithTheStoredStatistics_EqualsTheStoredTracksVector()
    {
        var (store, files) = Library();
        using var _ = store;
        store.SaveEmbeddingSpace(Fit(store));

        var snapshot = CatalogContextLoader.Load(store);
        var seed = OutsideSeeds.ForFile(snapshot, files[3], [new SummaryFeatureAnalyzer()], AudioDecoders.CreateDefault());

        Assert.NotNull(snapshot.Space);
        Assert.Equal("summary@v1#space", snapshot.Context.FeatureVersion);
        Assert.Equal(["timbre", "harmony", "loudness"], snapshot.Context.Blocks.Select(b => b.Name));
        // The snapshot holds its tracks' vectors normalised in place (the index takes them over), so the seed is
        // compared after normalising it the same way.
        var stored = snapshot.Context.Tracks.Single(t => t.Path == files[3]).Embedding;
        Assert.Equal(stored.Length, seed.Embedding.Length);
        var norm = MathF.Sqrt(seed.Embedding.Sum(x => x * x));
        for (var i = 0; i < stored.Length; i++)
        {
            Assert.Equal(stored[i], seed.Embedding[i] / norm, 1e-6f);
        }

        Assert.NotEqual(store.FindAnalysis(snapshot.Context.Tracks[3].Id, "summary", 1)!.Embedding, stored);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void WithoutASpace_OrWhenAskedNotTo_TheRawEmbeddingsAreLoaded()
    {
        var (store, _) = Library();
        using var s = store;
        var raw = CatalogContextLoader.Load(store);
        Assert.Null(raw.Space);
        Assert.Equal("summary@v1", raw.Context.FeatureVersion);
        Assert.Empty(raw.Context.Blocks);

        store.SaveEmbeddingSpace(Fit(store));
        var off = CatalogContextLoader.Load(store, new CatalogLoadOptions { UseEmbeddingSpace = false });
        Assert.Equal(raw.Context.Tracks.Select(t => t.Embedding), off.Context.Tracks.Select(t => t.Embedding));
        Assert.NotNull(CatalogContextLoader.Load(store, new CatalogLoadOptions { ModelId = "summary" }).Space);
    }

    [Fact]
    public void AFusedSpace_KeepsOnlyTracksInEverySet_AndNeedsEverySetsAnalyzer()
    {
        var (store, files) = Library();
        using var _ = store;
        var ids = store.ReadAnalyses("summary", 1).Select(a => a.TrackId).ToList();
        var tracks = ids.Take(4).Select(id => store.FindTrack(id)!).ToList();
        store.SaveAnalysesBatch(tracks.Select((t, i) => (t, new AnalysisRecord
        {
            ModelId = "tiny", FeatureVersion = 1, Embedding = [i, 1, -i], GenreLabels = [], GenreProbabilities = [],
        })));
        var summary = Fit(store);
        var tiny = store.ReadAnalyses("tiny", 1).ToList();
        var summaryVectors = tiny.Select(a => store.FindAnalysis(a.TrackId, "summary", 1)!.Embedding).ToList();
        var record = EmbeddingSpaceFitter.Fit(
        [
            new SpaceInput(summary.Sets[0], SummaryLayout.Dimensions.Select(d => EmbeddingBlocks.OfFeature(d.Feature)).ToArray(), summaryVectors),
            new SpaceInput(new SpaceSetRecord("tiny", 1, 3), ["learned", "learned", "learned"], [.. tiny.Select(a => a.Embedding)]),
        ]);
        store.SaveEmbeddingSpace(record);

        var snapshot = CatalogContextLoader.Load(store);

        Assert.Equal(4, snapshot.Context.Tracks.Count);
        Assert.Equal("learned", snapshot.Context.Blocks[^1].Name);
        Assert.Throws<Timbre.Recommendation.Domain.FeatureVersionMismatchException>(() => OutsideSeeds.ForFile(snapshot, files[0], [new SummaryFeatureAnalyzer()], AudioDecoders.CreateDefault()));
        // Asking for one of a fused space's models serves the fused space (the demo's summary + contrastive).
        Assert.Equal(record.Sets, CatalogContextLoader.Load(store, new CatalogLoadOptions { ModelId = "summary" }).Space!.Record.Sets);
    }

    private static AudioBuffer Tone(double hz, double amplitude, int rate)
    {
        var s = new float[rate];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        return new AudioBuffer(s, rate);
    }
}
