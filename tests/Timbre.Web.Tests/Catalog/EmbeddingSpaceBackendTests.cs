using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Dsp.Summary;
using Timbre.Recommendation.Space;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;

namespace Timbre.Web.Tests.Catalog;

/// <summary>The web snapshot and uploads use the catalog's stored embedding space.</summary>
[Trait("Category", "Slow")]
public sealed class EmbeddingSpaceBackendTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 2, seconds: 1.0);

    public void Dispose() => _library.Dispose();

    [Fact]
    public async Task AnUploadOfACatalogFile_LandsOnItsStoredVector_AndSimilarExplainsByBlock()
    {
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new SummaryFeatureAnalyzer();
        _library.Catalogue(analyzer, decoder);
        using (var store = new SqliteCatalogStore(_library.CatalogPath))
        {
            var vectors = store.ReadAnalyses(analyzer.ModelId, analyzer.FeatureVersion).Select(a => a.Embedding).ToList();
            var blocks = SummaryLayout.Dimensions.Select(d => EmbeddingBlocks.OfFeature(d.Feature)).ToArray();
            store.SaveEmbeddingSpace(EmbeddingSpaceFitter.Fit(
                [new SpaceInput(new SpaceSetRecord(analyzer.ModelId, analyzer.FeatureVersion, blocks.Length), blocks, vectors)]));
        }

        using var backend = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), decoder, analyzer);
        var file = _library.Dir.File("upload.wav"); // the same audio under another path (a seed's own path is never recommended)
        File.Copy(_library.Tracks[3].Path, file);

        var upload = await backend.AnalyzeAsync(file, _library.Tracks.Count, null, CancellationToken.None);

        // Its own catalog copy is within cosine distance 1e-4 (dropped as a near-duplicate of the seed): the upload
        // went through the same stored statistics as the catalog. Every other track is listed.
        Assert.DoesNotContain(upload.Recommendations, r => r.Title == _library.Tracks[3].Title);
        Assert.Equal(_library.Tracks.Count - 1, upload.Recommendations.Count);
        Assert.All(upload.Recommendations, r => Assert.True(r.Score < 0.9999, $"{r.Title}: {r.Score}"));
        var similar = await backend.SimilarAsync(1, Web.Backend.SimilarMethod.M1, 2);
        Assert.Contains("close in ", similar[0].Why, StringComparison.Ordinal);
    }
}
