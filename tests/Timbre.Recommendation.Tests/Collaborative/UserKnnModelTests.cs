using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Tests.Collaborative;

/// <summary>The compact user-kNN model (the cluster's) against <see cref="UserKnnRecommender"/> over a snapshot.</summary>
public class UserKnnModelTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 1.0)]
    public void ScoresEqualTheRecommendersOverTheSnapshot(int seed, double shrinkage)
    {
        // Mixed events (likes, dislikes, ratings incl. 3 = weight 0, plays, repeated opinions), users keyed so that
        // ordinal order differs from numeric order ("10" < "2"), and events on tracks the snapshot does not hold.
        var rng = new Random(seed);
        var interactions = new List<Interaction>();
        var at = DateTimeOffset.UnixEpoch;
        for (var e = 0; e < 900; e++)
        {
            var user = rng.Next(1, 40).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var track = (long)rng.Next(1, 130);
            var kind = (InteractionKind)rng.Next(0, 4);
            var value = kind switch { InteractionKind.Rating => rng.Next(1, 6), InteractionKind.Play => rng.Next(1, 5), _ => 1 };
            interactions.Add(new Interaction(user, track, kind, value, at.AddSeconds(rng.Next(0, 50))));
        }

        var context = Fixtures.Context([.. interactions]);
        var held = context.Tracks.Select(t => t.Id).ToHashSet();
        Assert.Contains(interactions, i => !held.Contains(i.TrackId));
        var options = new KnnOptions { Shrinkage = shrinkage, Neighbours = 5 };
        var reference = new UserKnnRecommender(context, options);
        var model = UserKnnModel.Fit(interactions, held, options: options);
        var scored = 0;
        foreach (var user in context.Users)
        {
            var expected = reference.ScoreAll(RecommendationRequest.ForUser(user));
            var got = model.Scores(user);
            Assert.Equal(expected is null, got is null);
            Assert.Equal(context.WeightsOf(user).Keys.Select(r => context.Tracks[r].Id).Order(), model.KnownOf(user).Order());
            Assert.Equal(
                context.WeightsOf(user).Where(p => p.Value != 0).OrderBy(p => p.Key).Select(p => (context.Tracks[p.Key].Id, p.Value)),
                model.WeightsOf(user));
            if (expected is null)
            {
                continue;
            }

            scored++;
            var finite = Enumerable.Range(0, expected.Length).Where(r => !float.IsNaN(expected[r])).ToDictionary(r => context.Tracks[r].Id, r => expected[r]);
            Assert.Equal(finite.Keys.Order(), got!.Keys.Order());
            Assert.All(finite, p => Assert.Equal(p.Value, got[p.Key])); // same arithmetic, same order: bit-identical
        }

        Assert.True(scored > 20, $"only {scored} users scored");
        Assert.Null(model.Scores("stranger"));
    }

    [Fact]
    public void RefusesPearsonAndBadOptions()
    {
        Assert.Throws<InvalidOptionsException>(() => UserKnnModel.Fit([], new HashSet<long>(), options: new KnnOptions { Similarity = NeighbourSimilarity.Pearson }));
        Assert.Throws<InvalidOptionsException>(() => UserKnnModel.Fit([], new HashSet<long>(), options: new KnnOptions { Neighbours = 0 }));
        Assert.Equal(0, UserKnnModel.Fit([], new HashSet<long>()).UserCount);
    }
}
