using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Recommenders;

public class ContentRecommenderTests
{
    [Fact]
    public void MethodOneNeverReturnsSeedsAndStaysInTheSeedsCluster()
    {
        var ctx = Fixtures.Context();
        var seeds = Fixtures.GenreIds(2).Take(3).ToList();
        var recs = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds(seeds, 10));
        Assert.Equal(10, recs.Count);
        Assert.DoesNotContain(recs, r => seeds.Contains(r.TrackId));
        Assert.All(recs, r => Assert.Contains(r.TrackId, Fixtures.GenreIds(2)));
        Assert.True(recs.Zip(recs.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(recs, r => Assert.Contains(r.SeedTrackId!.Value, seeds));
        Assert.All(recs, r => Assert.Contains("close to 'Song", r.Why));
    }

    [Fact]
    public void MeanAggregationIsTheMeanOfCosinesAndRanksLikeTheMeanVector()
    {
        var ctx = Fixtures.Context();
        var seeds = new long[] { 3, 27, 64 };
        var scores = new SimilarSongsRecommender(ctx).ScoreAll(RecommendationRequest.ForSeeds(seeds))!;
        var units = seeds.Select(id => ctx.Index.VectorAt(ctx.RowOf(id)).ToArray()).ToArray();
        var mean = new float[units[0].Length];
        foreach (var u in units)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += u[i] / units.Length;
            }
        }

        for (var r = 0; r < ctx.Tracks.Count; r++)
        {
            var v = ctx.Index.VectorAt(r).ToArray();
            var meanOfCos = units.Average(u => VectorMath.Cosine(u, v));
            Assert.InRange(scores[r] - meanOfCos, -1e-5, 1e-5);
        }

        var byMeanVector = Enumerable.Range(0, ctx.Tracks.Count).OrderByDescending(r => VectorMath.Cosine(mean, ctx.Index.VectorAt(r))).Take(15);
        var byScore = Enumerable.Range(0, ctx.Tracks.Count).OrderByDescending(r => scores[r]).Take(15);
        Assert.Equal(byMeanVector, byScore);
    }

    [Fact]
    public void MoreThanFiveSeedsOrUnknownSeedsThrow()
    {
        var ctx = Fixtures.Context();
        var m1 = new SimilarSongsRecommender(ctx);
        Assert.Throws<RecommendationException>(() => m1.Recommend(RecommendationRequest.ForSeeds([1, 2, 3, 4, 5, 6])));
        Assert.Throws<RecommendationException>(() => m1.Recommend(RecommendationRequest.ForSeeds([99_999])));
        Assert.Throws<RecommendationException>(() => m1.Recommend(RecommendationRequest.ForUser("nobody")));
    }

    [Fact]
    public void MixingFeatureVersionsThrows()
    {
        var a = Fixtures.Track(1, [1, 0], [1, 0]);
        var b = Fixtures.Track(2, [0, 1], [0, 1], version: "v2");
        Assert.Throws<FeatureVersionMismatchException>(() => new RecommendationContext("v1", ["a", "b"], [a, b], []));
        var ctx = new RecommendationContext("v1", ["a", "b"], [a, Fixtures.Track(3, [1, 1], [0.5f, 0.5f])], []);
        var outside = Fixtures.Track(50, [1, 0], [1, 0], version: "v0");
        var request = new RecommendationRequest { SeedTracks = [outside] };
        Assert.Throws<FeatureVersionMismatchException>(() => new SimilarSongsRecommender(ctx).Recommend(request));
        var sameVersion = new RecommendationRequest { SeedTracks = [outside with { FeatureVersion = "v1" }], Count = 1 };
        Assert.Equal(3, new SimilarSongsRecommender(ctx).Recommend(sameVersion)[0].TrackId); // track 1 is a duplicate of the seed
        var keepDuplicates = sameVersion with { Filters = new RecommendationFilters { DropNearDuplicates = false } };
        Assert.Equal(1, new SimilarSongsRecommender(ctx).Recommend(keepDuplicates)[0].TrackId);
    }

    [Fact]
    public void DislikesPushTheProfileAway()
    {
        var likes = Fixtures.GenreIds(0).Take(3).Select(id => Interaction.Like("u", id));
        var dislikes = Fixtures.GenreIds(1).Take(8).Select(id => Interaction.Dislike("u", id));
        var withDislikes = new SimilarSongsRecommender(Fixtures.Context([.. likes, .. dislikes])).ScoreAll(RecommendationRequest.ForUser("u"))!;
        var withoutDislikes = new SimilarSongsRecommender(Fixtures.Context([.. likes])).ScoreAll(RecommendationRequest.ForUser("u"))!;
        var ctx = Fixtures.Context();
        var genre1Rows = Fixtures.GenreIds(1).Skip(8).Select(ctx.RowOf).ToList();
        Assert.True(genre1Rows.Average(r => withDislikes[r]) < genre1Rows.Average(r => withoutDislikes[r]) - 0.05);
    }

    [Fact]
    public void MethodTwoBoostAddsGenreMassAndRestrictKeepsSeedGenres()
    {
        var ctx = Fixtures.Context();
        var seeds = new long[] { 1, 2, 41 }; // genres 0, 0, 2
        var request = RecommendationRequest.ForSeeds(seeds, 20);
        var m1 = new SimilarSongsRecommender(ctx).ScoreAll(request)!;
        var boost = new GenreAwareRecommender(ctx, new GenreAwareOptions { Beta = 0.3f });
        var m2 = boost.ScoreAll(request)!;
        var genres = boost.SeedGenres(seeds.Select(id => SeedResolver.FromRow(ctx, ctx.RowOf(id), 1)).ToList());
        Assert.Equal(new[] { 0, 2 }, genres);
        for (var r = 0; r < ctx.Tracks.Count; r++)
        {
            var mass = ctx.Tracks[r].GenreProbabilities[0] + ctx.Tracks[r].GenreProbabilities[2];
            Assert.InRange(m2[r] - (m1[r] + (0.3f * mass)), -1e-5, 1e-5);
        }

        var restricted = new GenreAwareRecommender(ctx, new GenreAwareOptions { Rule = GenreRule.Restrict }).Recommend(request);
        Assert.Equal(20, restricted.Count);
        Assert.All(restricted, r => Assert.Contains(ctx.TopGenreOf(ctx.RowOf(r.TrackId)), new[] { 0, 2 }));
    }

    [Fact]
    public void ZIsCosineTimesLengthRatio()
    {
        float[] a = [0.9f, 0.1f, 0f];
        float[] p = [0.3f, 0.3f, 0.4f];
        var na = Math.Sqrt(0.82);
        var np = Math.Sqrt(0.34);
        var cos = ((0.9 * 0.3) + (0.1 * 0.3)) / (na * np);
        Assert.InRange(MagnitudeAwareSimilarity.Z(a, p) - (cos * np / na), -1e-6, 1e-6);
        Assert.Equal(MagnitudeAwareSimilarity.Z(a, p), MagnitudeAwareSimilarity.Z(p, a));
        Assert.Equal(0f, MagnitudeAwareSimilarity.Z(a, new float[3]));
        Assert.InRange(MagnitudeAwareSimilarity.Z(a, a), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void ProfileIsWeightedMeanOfClassVectorsAndRecommendsTheUsersGenre()
    {
        var ctx = Fixtures.Context(Interaction.Rate("u", 1, 5), Interaction.Rate("u", 2, 4), Interaction.Like("u", 3));
        var seeds = SeedResolver.Resolve(ctx, RecommendationRequest.ForUser("u"));
        var q = GenreProfile.Of(5, seeds)!;
        var w = new[] { 2f, 1f, 1f };
        for (var g = 0; g < 5; g++)
        {
            var expected = Enumerable.Range(0, 3).Sum(i => w[i] * ctx.Tracks[i].GenreProbabilities[g]) / 4f;
            Assert.InRange(q[g] - expected, -1e-6, 1e-6);
        }

        var recs = new ProfileRecommender(ctx).Recommend(RecommendationRequest.ForUser("u", 10));
        Assert.All(recs, r => Assert.Equal(0, ctx.TopGenreOf(ctx.RowOf(r.TrackId))));
        Assert.DoesNotContain(recs, r => r.TrackId is 1 or 2 or 3);
        Assert.StartsWith("matches your genre profile (genre0", recs[0].Why);
    }

    [Fact]
    public void ProfileExplainsPoorMatchesAsWeak()
    {
        var ctx = Fixtures.Context(Interaction.Rate("u", 1, 5), Interaction.Like("u", 2));
        var recs = new ProfileRecommender(ctx).Recommend(RecommendationRequest.ForUser("u", ctx.Tracks.Count));
        Assert.StartsWith("matches your genre profile", recs[0].Why, StringComparison.Ordinal);
        Assert.StartsWith("weak match to your genre profile", recs[^1].Why, StringComparison.Ordinal);
        Assert.NotEqual(0, ctx.TopGenreOf(ctx.RowOf(recs[^1].TrackId)));
    }

    [Fact]
    public void LargestRemainderSplitsExactly()
    {
        Assert.Equal(new[] { 6, 4 }, LargestRemainder.Apportion(10, [0.6, 0.4]));
        Assert.Equal(new[] { 4, 3, 3 }, LargestRemainder.Apportion(10, [1, 1, 1]));
        Assert.Equal(new[] { 5, 3, 2 }, LargestRemainder.Apportion(10, [0.47, 0.33, 0.20]));
        Assert.Equal(10, LargestRemainder.Apportion(10, [0.123, 0.456, 0.2, 0.221]).Sum());
        Assert.Equal(new[] { 0, 0 }, LargestRemainder.Apportion(10, [0, 0]));
    }

    [Fact]
    public void MulticategoryRecommendsWithinEachCategoryInProportion()
    {
        // 6 likes in genre 0, 3 in genre 3, 1 in genre 4 (share 0.1 < θ = 0.15).
        var likes = Fixtures.GenreIds(0).Take(6).Concat(Fixtures.GenreIds(3).Take(3)).Concat(Fixtures.GenreIds(4).Take(1)).Select(id => Interaction.Like("u", id)).ToArray();
        var ctx = Fixtures.Context(likes);
        var multi = new MulticategoryRecommender(ctx);
        var seeds = SeedResolver.Resolve(ctx, RecommendationRequest.ForUser("u"));
        var cats = multi.Categories(seeds, 10);
        Assert.Equal(new[] { 0, 3 }, cats.Select(c => c.Genre));
        Assert.Equal(new[] { 7, 3 }, cats.Select(c => c.Quota)); // 10·6/9 = 6.67, 10·3/9 = 3.33
        var recs = multi.Recommend(RecommendationRequest.ForUser("u", 10));
        Assert.Equal(10, recs.Count);
        Assert.Equal(7, recs.Count(r => ctx.TopGenreOf(ctx.RowOf(r.TrackId)) == 0));
        Assert.Equal(3, recs.Count(r => ctx.TopGenreOf(ctx.RowOf(r.TrackId)) == 3));
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => new MulticategoryOptions { Threshold = 0 }.Validate());
    }
}
