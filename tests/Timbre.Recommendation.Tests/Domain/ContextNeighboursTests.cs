using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Tests.Similarity;

namespace Timbre.Recommendation.Tests.Domain;

public sealed class ContextNeighboursTests
{
    private static readonly string[] Genres = ["a", "b"];

    private static TrackFeatures[] Tracks(float[][] vectors, int from = 1)
        => vectors.Select((v, i) => Fixtures.Track(from + i, v, [0.5f, 0.5f])).ToArray();

    [Fact]
    public void BelowTheThresholdSearchesGoThroughTheExactIndex()
    {
        var context = Fixtures.Context();
        Assert.Same(context.Index, context.Neighbours);
    }

    [Fact]
    public async Task AboveTheThresholdTheContextSearchesAnAnnIndexUpdatedInPlace()
    {
        var vectors = AnnIndexTests.Clustered(1_300, 16, clusters: 8, seed: 81);
        var options = new SimilarityIndexOptions { Approximate = new AnnIndexOptions { Threshold = 1_000 } };
        var context = new RecommendationContext("v1", Genres, Tracks(vectors[..1_000]), [], indexOptions: options);
        var ann = Assert.IsType<AnnIndex>(context.Neighbours);
        Assert.Same(context.Index, ann.Exact);
        Assert.Equal(context.Index.Search(vectors[1_250], 10), ann.Search(vectors[1_250], 10)); // exact while building, or approximate
        await ann.Ready.WaitAsync(TimeSpan.FromSeconds(60));

        // A like shares the index; added and removed tracks move the same graph (no rebuild) onto the new rows.
        var liked = context.WithAddedInteractions([Interaction.Like("u", 5)]);
        Assert.Same(context.Neighbours, liked.Neighbours);
        var grown = liked.WithTracks(Tracks(vectors[1_000..1_200], from: 1_001), new HashSet<long> { 1, 2, 3 });
        var grownAnn = Assert.IsType<AnnIndex>(grown.Neighbours);
        Assert.Same(grown.Index, grownAnn.Exact);
        Assert.True(grownAnn.Ready.IsCompletedSuccessfully); // moved in place, not rebuilt in the background
        Assert.Equal(1_197, grownAnn.Count);
        foreach (var q in vectors[1_200..])
        {
            Assert.Equal(grown.Index.Search(q, 10), grown.Neighbours.Search(q, 10));
        }
    }
}
