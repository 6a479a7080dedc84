using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Tests.Space;

public sealed class BlockExplanationTests
{
    private static readonly OutputBlock[] Blocks = [new("timbre", 0, 3), new("harmony", 3, 2), new("rhythm", 5, 2)];

    private static TrackFeatures Track(long id, float[] embedding) => new(id, $"t{id}", "", "", $"/lib/t{id}.wav", 60, [], embedding) { FeatureVersion = "s#space" };

    [Fact]
    public void TheExplanation_NamesTheBlockConstructedToDominate()
    {
        // Seed and candidate agree mostly in the rhythm dimensions, a little in timbre, oppose in harmony.
        var seed = Track(1, [0.2f, 0, 0, 1, 0, 2, 2]);
        var close = Track(2, [0.2f, 0, 0, -1, 0, 2, 1.8f]);
        var far = Track(3, [-1, 1, 0, 1, 1, -2, 0]);
        var context = new RecommendationContext("s#space", [], [seed, close, far], []) { Blocks = Blocks };

        var recs = new SimilarSongsRecommender(context).Recommend(RecommendationRequest.ForSeeds([1], 1));

        Assert.Equal(2, recs[0].TrackId);
        Assert.Contains("close in rhythm", recs[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void DominantBlock_GivesTheLargestContribution_AndItsShare()
    {
        float[] a = [1, 0, 0, 0, 0, 0, 0];
        float[] b = [0.6f, 0, 0, 0, 0, 0, 0];
        var (name, share) = Timbre.Recommendation.Ranking.Explainer.DominantBlock(Blocks, a, b)!.Value;
        Assert.Equal("timbre", name);
        Assert.Equal(1.0, share, 1e-9);
        Assert.Null(Timbre.Recommendation.Ranking.Explainer.DominantBlock([], a, b));
    }

    [Fact]
    public void ARawEmbedding_HasNoBlockInItsExplanation()
    {
        var context = new RecommendationContext("s@v1", [], [Track(1, [1, 0]) with { FeatureVersion = "s@v1" }, Track(2, [1, 0.1f]) with { FeatureVersion = "s@v1" }], []);
        var recs = new SimilarSongsRecommender(context).Recommend(RecommendationRequest.ForSeeds([1], 1));
        Assert.DoesNotContain("close in", recs[0].Why, StringComparison.Ordinal);
    }
}
