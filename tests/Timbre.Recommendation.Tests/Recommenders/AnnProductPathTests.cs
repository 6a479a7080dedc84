using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Tests.Similarity;

namespace Timbre.Recommendation.Tests.Recommenders;

/// <summary>m1 and m2 through the HNSW graph (a catalog above the ANN threshold) against the same catalog scanned exactly.</summary>
public sealed class AnnProductPathTests
{
    private static readonly string[] Genres = ["a", "b", "c", "d"];

    private static (RecommendationContext Ann, RecommendationContext Exact) Contexts(int n, int seed, params Interaction[] interactions)
    {
        var vectors = AnnIndexTests.Clustered(n, 24, clusters: 12, seed: seed);
        var tracks = vectors.Select((v, i) => Fixtures.Track(i + 1, v, Probabilities(i))).ToArray();
        var approximate = new SimilarityIndexOptions { Approximate = new AnnIndexOptions { Threshold = 1_000 } };
        var ann = new RecommendationContext("v1", Genres, tracks, interactions, indexOptions: approximate);
        var exact = new RecommendationContext("v1", Genres, tracks, interactions);
        Assert.IsType<AnnIndex>(ann.Neighbours);
        Assert.Same(exact.Index, exact.Neighbours);
        return (ann, exact);
    }

    private static float[] Probabilities(int i)
    {
        var p = new float[Genres.Length];
        p[i % Genres.Length] = 0.7f;
        p[(i + 1) % Genres.Length] = 0.3f;
        return p;
    }

    private static async Task Ready(RecommendationContext context)
        => await ((AnnIndex)context.Neighbours).Ready.WaitAsync(TimeSpan.FromSeconds(60));

    private static double Recall(IRecommender approximate, IRecommender exact, IEnumerable<RecommendationRequest> requests)
    {
        double hits = 0, total = 0;
        foreach (var request in requests)
        {
            var want = exact.Recommend(request).Select(r => r.TrackId).ToHashSet();
            var got = approximate.Recommend(request);
            Assert.Equal(request.Count, got.Count);
            hits += got.Count(r => want.Contains(r.TrackId));
            total += want.Count;
        }

        return hits / total;
    }

    [Fact]
    public async Task SimilarSongsThroughTheGraphRecallsAtLeast95PercentOfTheExactTop10()
    {
        var (ann, exact) = Contexts(4_000, seed: 91);
        await Ready(ann);
        var requests = Enumerable.Range(0, 60).Select(i => RecommendationRequest.ForSeeds([1 + (i * 61)], 10)).ToList();
        var recall = Recall(new SimilarSongsRecommender(ann), new SimilarSongsRecommender(exact), requests);
        Assert.InRange(recall, 0.95, 1.0);

        // Scores of what both return are the exact scores (to float rounding of the two formulas).
        var a = new SimilarSongsRecommender(ann).Recommend(requests[0]).ToDictionary(r => r.TrackId, r => r.Score);
        foreach (var e in new SimilarSongsRecommender(exact).Recommend(requests[0]).Where(e => a.ContainsKey(e.TrackId)))
        {
            Assert.Equal(e.Score, a[e.TrackId], 1e-5f);
        }
    }

    [Fact]
    public async Task AUsersHistoryAndSeveralSeedsGoThroughTheGraphToo()
    {
        var likes = Enumerable.Range(0, 30).Select(i => Interaction.Like("u", 1 + (i * 7))).Append(Interaction.Dislike("u", 500)).ToArray();
        var (ann, exact) = Contexts(3_000, seed: 92, likes);
        await Ready(ann);
        RecommendationRequest[] requests = [RecommendationRequest.ForUser("u", 10), RecommendationRequest.ForSeeds([3, 1_500, 2_900], 10), RecommendationRequest.ForSeeds([42], 25)];
        Assert.InRange(Recall(new SimilarSongsRecommender(ann), new SimilarSongsRecommender(exact), requests), 0.95, 1.0);
        var max = new SimilarSongsOptions { Aggregation = SeedAggregation.Max };
        Assert.InRange(Recall(new SimilarSongsRecommender(ann, max), new SimilarSongsRecommender(exact, max), requests), 0.95, 1.0);
        Assert.InRange(Recall(new GenreAwareRecommender(ann), new GenreAwareRecommender(exact), requests), 0.95, 1.0);
        var restrict = new GenreAwareOptions { Rule = GenreRule.Restrict };
        Assert.InRange(Recall(new GenreAwareRecommender(ann, restrict), new GenreAwareRecommender(exact, restrict), requests), 0.95, 1.0);
    }

    [Fact]
    public async Task FiltersThatLeaveTooFewCandidatesFallBackToEveryRow()
    {
        var (ann, exact) = Contexts(2_000, seed: 93);
        await Ready(ann);
        var request = RecommendationRequest.ForSeeds([5], 400); // more than the graph's candidates can fill once filtered
        var excluded = Enumerable.Range(1, 1_500).Select(i => (long)i).Where(i => i != 5).ToHashSet();
        request = request with { Filters = request.Filters with { ExcludeIds = excluded } };
        var got = new SimilarSongsRecommender(ann).Recommend(request);
        Assert.Equal(new SimilarSongsRecommender(exact).Recommend(request).Select(r => r.TrackId), got.Select(r => r.TrackId));
    }

    [Fact]
    public async Task ALikeSharesTheGraph()
    {
        var (ann, _) = Contexts(1_500, seed: 94);
        await Ready(ann);
        var graph = (AnnIndex)ann.Neighbours;
        var version = graph.GraphVersion;
        var liked = ann.WithAddedInteractions([Interaction.Like("u", 9)]);
        Assert.Same(graph, liked.Neighbours);
        Assert.Equal(version, graph.GraphVersion);
        Assert.Equal(10, new SimilarSongsRecommender(liked).Recommend(RecommendationRequest.ForUser("u", 10)).Count);
    }
}
