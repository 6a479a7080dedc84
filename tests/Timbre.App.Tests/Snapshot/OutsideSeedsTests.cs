using Timbre.Analyzers;
using Timbre.App.Analysis;
using Timbre.App.Snapshot;
using Timbre.App.Space;
using Timbre.Audio;
using Timbre.Audio.Wav;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Snapshot;

/// <summary><c>recommend --like FILE</c>: a file outside the catalog becomes a seed of the snapshot's version.</summary>
public sealed class OutsideSeedsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-seeds-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void WithTheSetsAnalyzer_GivesASeedOfTheSameVersion_AndRecommendsTheClosestTone()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "c.db"));
        var analyzer = new SummaryFeatureAnalyzer();
        var batch = new[] { 220.0, 440.0, 1760.0, 3520.0 }.Select(f =>
        {
            var a = analyzer.Analyze(Tone(f, analyzer.SampleRate));
            var track = new TrackRecord { Path = $"/lib/tone{f}.wav", SizeBytes = 1, ModifiedUtc = DateTime.UnixEpoch, Title = $"tone{f}" };
            return (track, AnalysisRecord.Of(analyzer, a));
        });
        var saved = store.SaveAnalysesBatch(batch);
        var file = Path.Combine(_dir, "outside.wav");
        WavWriter.WriteFile(file, Tone(3400, analyzer.SampleRate));
        var stats = new Dictionary<string, int> { ["first"] = 0, ["past the end"] = 100_000 };
        var snapshot = CatalogContextLoader.Load(store, new CatalogLoadOptions { SummaryStats = stats });

        var seed = OutsideSeeds.ForFile(snapshot, file, [analyzer], AudioDecoders.CreateDefault());

        Assert.True(seed.Id < 0);
        Assert.Equal(["first"], seed.Stats.Keys);
        Assert.All(snapshot.Context.Tracks, t => Assert.Equal(["first"], t.Stats.Keys));
        Assert.NotEqual(snapshot.Context.Tracks[0].Stats["first"], snapshot.Context.Tracks[3].Stats["first"]);
        Assert.Equal(snapshot.Context.FeatureVersion, seed.FeatureVersion);
        Assert.Equal(snapshot.Context.Index.Dimension, seed.Embedding.Length);
        Assert.Equal(1.0, seed.DurationSeconds, 3);
        Assert.Equal("outside", seed.Title);
        var recs = new SimilarSongsRecommender(snapshot.Context).Recommend(new RecommendationRequest { SeedTracks = [seed], Count = 2 });
        Assert.Equal(saved[3].Id, recs[0].TrackId);

        var other = Assert.Throws<FeatureVersionMismatchException>(() => OutsideSeeds.ForFile(snapshot, file, [new OtherVersion(analyzer)], AudioDecoders.CreateDefault()));
        Assert.Contains("summary@v", other.Message);
    }

    [Fact]
    public void FusedSpace_AnalyzersForAddsTheOtherSummarySet_AndTheUploadSeedLandsInTheSpace()
    {
        using var store = new SqliteCatalogStore(Path.Combine(_dir, "fused.db"));
        var v1 = new SummaryFeatureAnalyzer(1);
        var v2 = new SummaryFeatureAnalyzer(2);
        var tones = new[] { 220.0, 440.0, 1760.0, 3520.0 };
        TrackRecord Track(double f) => new() { Path = $"/lib/tone{f}.wav", SizeBytes = 1, ModifiedUtc = DateTime.UnixEpoch, Title = $"tone{f}" };
        store.SaveAnalysesBatch(tones.Select(f => (Track(f), AnalysisRecord.Of(v1, v1.Analyze(Tone(f, v1.SampleRate))))));
        var saved = store.SaveAnalysesBatch(tones.Select(f => (Track(f), AnalysisRecord.Of(v2, v2.Analyze(Tone(f, v2.SampleRate))))));
        var data = SpaceFitting.Read(store, SpaceFitting.Sets(store, ["summary@1", "summary@2"]));
        store.SaveEmbeddingSpace(SpaceFitting.Fit(data, EmbeddingSpaceOptions.Default));
        var snapshot = CatalogContextLoader.Load(store);
        Assert.Equal(2, snapshot.RequiredSets.Count);
        var file = Path.Combine(_dir, "upload.wav");
        WavWriter.WriteFile(file, Tone(3400, v1.SampleRate));

        var analyzers = OutsideSeeds.AnalyzersFor(snapshot, v1);
        var analysed = new FileAnalyzer(AudioDecoders.CreateDefault()).Analyze(file, analyzers, AnalysisWindowOptions.Default).ThrowIfAnyFailed();
        var seed = OutsideSeeds.FromAnalysed(snapshot, analysed, file, "your upload");

        Assert.Equal([(1, "summary"), (2, "summary")], analyzers.Select(a => (a.FeatureVersion, a.ModelId)));
        Assert.Same(v1, analyzers[0]);
        Assert.Equal("your upload", seed.Title);
        Assert.Equal(snapshot.Space!.Dimension, seed.Embedding.Length);
        var recs = new SimilarSongsRecommender(snapshot.Context).Recommend(new RecommendationRequest { SeedTracks = [seed], Count = 2 });
        Assert.Equal(saved[3].Id, recs[0].TrackId);

        // A space fusing a trained model's set: serving only the summary analyzer cannot seed an upload, and says why.
        using var fused = new SqliteCatalogStore(Path.Combine(_dir, "other.db"));
        var other = new OtherModel(v1);
        fused.SaveAnalysesBatch(tones.Select(f => (Track(f), AnalysisRecord.Of(v1, v1.Analyze(Tone(f, v1.SampleRate))))));
        fused.SaveAnalysesBatch(tones.Select(f => (Track(f), AnalysisRecord.Of(other, other.Analyze(Tone(f, v1.SampleRate))))));
        var both = SpaceFitting.Read(fused, SpaceFitting.Sets(fused, ["summary@1", "other@1"]));
        fused.SaveEmbeddingSpace(SpaceFitting.Fit(both, EmbeddingSpaceOptions.Default));
        var error = Assert.Throws<FeatureVersionMismatchException>(() => OutsideSeeds.AnalyzersFor(CatalogContextLoader.Load(fused), v1));
        Assert.Contains("other@v1", error.Message);
        Assert.Equal(2, OutsideSeeds.AnalyzersFor(CatalogContextLoader.Load(fused), v1, [other]).Count);
    }

    private static AudioBuffer Tone(double hz, int rate)
    {
        var s = new float[rate];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = 0.4f * (float)Math.Sin(2 * Math.PI * hz * i / rate);
        }

        return new AudioBuffer(s, rate);
    }

    /// <summary>The summary analyzer under another feature version (what a pipeline change looks like).</summary>
    private sealed class OtherVersion(ITrackAnalyzer inner) : ITrackAnalyzer
    {
        public string ModelId => inner.ModelId;

        public int FeatureVersion => inner.FeatureVersion + 1;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) => inner.Analyze(audio, cancellationToken);
    }

    /// <summary>The summary analyzer under another model id (a trained package the space does not fuse).</summary>
    private sealed class OtherModel(ITrackAnalyzer inner) : ITrackAnalyzer
    {
        public string ModelId => "other";

        public int FeatureVersion => inner.FeatureVersion;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) => inner.Analyze(audio, cancellationToken);
    }
}
