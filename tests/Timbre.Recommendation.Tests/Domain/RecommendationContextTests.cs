using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Tests.Domain;

public sealed class RecommendationContextTests
{
    [Fact]
    public void WithInteractions_SharesTheIndex_AndRecommendsAsARebuiltContext()
    {
        var before = Fixtures.Context(Interaction.Like("u", 1));
        var likes = new[] { Interaction.Like("u", 1), Interaction.Like("u", 42), Interaction.Like("v", 7) };
        var after = before.WithInteractions(likes);
        var rebuilt = Fixtures.Context(likes);

        // A like must not rebuild (re-normalise) every embedding: the index is the same object.
        Assert.Same(before.Index, after.Index);
        Assert.Same(before.Tracks, after.Tracks);
        Assert.Equal(3, after.Interactions.Count);
        Assert.Equal(rebuilt.WeightsOf("u").OrderBy(w => w.Key), after.WeightsOf("u").OrderBy(w => w.Key));
        Assert.Empty(before.WeightsOf("v"));

        var request = RecommendationRequest.ForUser("u", 10);
        var expected = new ProfileRecommender(rebuilt).Recommend(request).Select(r => (r.TrackId, r.Score));
        Assert.Equal(expected, new ProfileRecommender(after).Recommend(request).Select(r => (r.TrackId, r.Score)));
    }
}
