using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Tests.Collaborative;

public class CollaborativeTests
{
    [Fact]
    public void UserKnnFollowsTheSeedFormulaWithoutShrinkage()
    {
        // Centered weights: rating r -> r - 3.
        var ctx = Fixtures.Context(
            Interaction.Rate("a", 1, 5), Interaction.Rate("a", 2, 4),
            Interaction.Rate("b", 1, 5), Interaction.Rate("b", 2, 5), Interaction.Rate("b", 10, 5),
            Interaction.Rate("c", 1, 1), Interaction.Rate("c", 10, 2), Interaction.Rate("c", 11, 5));
        var knn = new UserKnnRecommender(ctx, new KnnOptions { Shrinkage = 0 });
        var matrix = new PreferenceMatrix(ctx);
        int a = matrix.UserIndex("a"), b = matrix.UserIndex("b"), c = matrix.UserIndex("c");
        var simB = knn.Similarity(a, b);
        var simC = knn.Similarity(a, c);
        Assert.InRange(simB - (((2.0 * 2) + (1.0 * 2)) / (Math.Sqrt(5) * Math.Sqrt(12))), -1e-9, 1e-9);
        Assert.InRange(simC - ((2.0 * -2) / (Math.Sqrt(5) * Math.Sqrt(9))), -1e-9, 1e-9);
        var scores = knn.ScoreAll(RecommendationRequest.ForUser("a"))!;
        var expected10 = ((simB * 2) + (simC * -1)) / (Math.Abs(simB) + Math.Abs(simC));
        Assert.InRange(scores[ctx.RowOf(10)] - expected10, -1e-5, 1e-5);
        Assert.InRange(scores[ctx.RowOf(11)] - (simC * 2 / Math.Abs(simC)), -1e-5, 1e-5);
        Assert.True(float.IsNaN(scores[ctx.RowOf(50)]));
        Assert.Null(knn.ScoreAll(RecommendationRequest.ForUser("stranger")));
        Assert.Empty(knn.Recommend(RecommendationRequest.ForUser("stranger")));
    }

    [Fact]
    public void PearsonNeedsTwoCoRatedItemsWithVariance()
    {
        var ctx = Fixtures.Context(
            Interaction.Rate("a", 1, 5), Interaction.Rate("a", 2, 1), Interaction.Rate("a", 3, 3),
            Interaction.Rate("b", 1, 4), Interaction.Rate("b", 2, 2), Interaction.Rate("b", 3, 3),
            Interaction.Rate("c", 1, 5));
        var knn = new UserKnnRecommender(ctx, new KnnOptions { Similarity = NeighbourSimilarity.Pearson });
        var m = new PreferenceMatrix(ctx);
        Assert.InRange(knn.Similarity(m.UserIndex("a"), m.UserIndex("b")), 1 - 1e-9, 1 + 1e-9);
        Assert.Equal(0, knn.Similarity(m.UserIndex("a"), m.UserIndex("c")));
    }

    [Fact]
    public void AlsRecoversPlantedLowRankStructure()
    {
        // 3 taste groups × 30 users; group g likes tracks of genres {g, g+?} (items 1..100 by group = id % 3).
        var rng = new Random(5);
        var interactions = new List<Interaction>();
        var heldOut = new Dictionary<string, List<long>>();
        for (var u = 0; u < 90; u++)
        {
            var group = u % 3;
            var user = $"u{u}";
            heldOut[user] = [];
            foreach (var item in Enumerable.Range(1, 100).Where(i => i % 3 == group))
            {
                if (rng.NextDouble() < 0.4)
                {
                    if (rng.NextDouble() < 0.2)
                    {
                        heldOut[user].Add(item);
                    }
                    else
                    {
                        interactions.Add(Interaction.Like(user, item));
                    }
                }
            }
        }

        var ctx = Fixtures.Context([.. interactions]);
        var als = new AlsRecommender(ctx, new AlsOptions { Factors = 8, Iterations = 10 });
        double wins = 0, pairs = 0;
        foreach (var (user, held) in heldOut)
        {
            var scores = als.ScoreAll(RecommendationRequest.ForUser(user))!;
            var known = ctx.WeightsOf(user).Keys.ToHashSet();
            var negatives = Enumerable.Range(1, 100).Where(i => !held.Contains(i) && !known.Contains(ctx.RowOf(i))).ToList();
            foreach (var h in held)
            {
                foreach (var n in negatives)
                {
                    wins += scores[ctx.RowOf(h)] > scores[ctx.RowOf(n)] ? 1 : 0;
                    pairs++;
                }
            }
        }

        Assert.True(wins / pairs > 0.85, $"held-out AUC {wins / pairs:0.000}");
        var recs = als.Recommend(RecommendationRequest.ForUser("u0", 10));
        Assert.Equal(10, recs.Count);
        Assert.True(recs.Count(r => r.TrackId % 3 == 0) >= 9);
    }

    [Fact]
    public void AlsIsDeterministicForASeed()
    {
        var ctx = Fixtures.Context(Interaction.Like("a", 1), Interaction.Like("a", 2), Interaction.Like("b", 2), Interaction.Like("b", 3));
        var s1 = new AlsRecommender(ctx).ScoreAll(RecommendationRequest.ForUser("a"))!;
        var s2 = new AlsRecommender(ctx).ScoreAll(RecommendationRequest.ForUser("a"))!;
        Assert.Equal(s1, s2);
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => new AlsOptions { Regularization = 0 }.Validate());
    }

    [Fact]
    public void ItemKnnRecommendsCoLikedTracks()
    {
        var list = new List<Interaction>();
        for (var u = 0; u < 10; u++)
        {
            list.Add(Interaction.Like($"u{u}", 1));
            list.Add(Interaction.Like($"u{u}", 50));
        }

        list.Add(Interaction.Like("me", 1));
        list.Add(Interaction.Like("x", 1));
        list.Add(Interaction.Like("x", 70));
        var ctx = Fixtures.Context([.. list]);
        var recs = new ItemKnnRecommender(ctx).Recommend(RecommendationRequest.ForUser("me", 2));
        Assert.Equal(new long[] { 50, 70 }, recs.Select(r => r.TrackId));
    }

    [Fact]
    public void HybridFallsBackToContentForNewUsersAndNewSongs()
    {
        var ctx = Fixtures.Context(Interaction.Like("a", 1), Interaction.Like("a", 2), Interaction.Like("b", 1), Interaction.Like("b", 3));
        var content = new SimilarSongsRecommender(ctx);
        var hybrid = new HybridRecommender(ctx, content, new AlsRecommender(ctx));
        var seedsOnly = RecommendationRequest.ForSeeds([30, 31], 10);
        Assert.Equal(content.Recommend(seedsOnly).Select(r => r.TrackId), hybrid.Recommend(seedsOnly).Select(r => r.TrackId));
        Assert.Equal(0, hybrid.CfWeight(0));
        Assert.True(hybrid.CfWeight(50) > hybrid.CfWeight(5));
        Assert.True(hybrid.CfWeight(50) <= HybridOptions.Default.MaxCfWeight);
        Assert.Equal(0, hybrid.ItemShrink(0));
        Assert.True(hybrid.ItemShrink(50) > hybrid.ItemShrink(1));
        Assert.True(hybrid.ItemShrink(50) < 1);
        var stranger = hybrid.Recommend(RecommendationRequest.ForUser("stranger", 3));
        Assert.Equal(3, stranger.Count);
        Assert.Equal(1, stranger[0].TrackId); // popularity fallback: liked by two users
    }

    [Fact]
    public void HybridScoresNewSongsBySoundAlone_AndRatedOnesMostlyByListeners()
    {
        Interaction[] likes =
        [
            .. new long[] { 1, 2, 4, 5, 6, 7 }.Select(t => Interaction.Like("a", t)),
            .. new long[] { 1, 2, 4, 5, 3, 11 }.Select(t => Interaction.Like("b", t)),
            .. new long[] { 1, 2, 6, 7, 3 }.Select(t => Interaction.Like("c", t)),
            .. new long[] { 8, 9, 10 }.Select(t => Interaction.Like("d", t)),
        ];
        var ctx = Fixtures.Context(likes);
        var hybrid = new HybridRecommender(ctx, new SimilarSongsRecommender(ctx), new UserKnnRecommender(ctx));
        var recs = hybrid.Recommend(RecommendationRequest.ForUser("a", 100)).ToList();
        int Rank(long id) => recs.FindIndex(r => r.TrackId == id);
        Assert.True(Rank(3) < Rank(11), "both neighbours liked 3, one liked 11");
        Assert.All(new long[] { 8, 9, 10 }, t => Assert.True(Rank(3) < Rank(t), $"3 before {t}, which a's neighbours never liked"));
        Assert.All(new long[] { 3, 11, 8 }, t => Assert.DoesNotContain("100 % sound", recs[Rank(t)].Why, StringComparison.Ordinal));
        var unrated = recs.Where(r => r.TrackId is not (3 or 8 or 9 or 10 or 11)).ToList();
        Assert.NotEmpty(unrated);
        Assert.All(unrated, r => Assert.StartsWith("100 % sound", r.Why, StringComparison.Ordinal));
    }
}
