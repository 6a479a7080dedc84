using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Tests.Similarity;

namespace Timbre.Recommendation.Tests.Ranking;

/// <summary>
/// Selection without a score per catalog row (the graph's candidates only) and with pooled buffers gives what the
/// per-row selection and a brute-force sort give.
/// </summary>
public sealed class CandidateSelectionTests
{
    private static readonly string[] Genres = ["a", "b", "c", "d"];

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SelectingFromCandidates_EqualsSelectingFromAPerRowArray(int seed)
    {
        var random = new Random(seed);
        var likes = Enumerable.Range(0, 6).Select(_ => Interaction.Like("u", 1 + random.Next(100))).Append(Interaction.Dislike("u", 7)).ToArray();
        var context = Fixtures.Context(likes);
        var n = context.Tracks.Count;
        var rows = Enumerable.Range(0, n).Where(_ => random.NextDouble() < 0.4).ToArray();
        var scores = rows.Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray(); // rounded: ties happen
        var dense = new float[n];
        Array.Fill(dense, float.NaN);
        for (var i = 0; i < rows.Length; i++)
        {
            dense[rows[i]] = scores[i];
        }

        RecommendationRequest[] requests =
        [
            RecommendationRequest.ForUser("u", 10),
            RecommendationRequest.ForSeeds([context.Tracks[rows[0]].Id, 3], 5),
            RecommendationRequest.ForUser("u", 8) with { Filters = new RecommendationFilters { ExcludeIds = new HashSet<long> { context.Tracks[rows[1]].Id }, MaxPerArtist = 1 } },
            RecommendationRequest.ForUser("u", 12) with { Filters = new RecommendationFilters { DiversityLambda = 0.5, ExcludeKnown = false } },
            RecommendationRequest.ForUser("u", rows.Length + 5), // asks for more than there are candidates
        ];
        foreach (var request in requests)
        {
            var seeds = SeedResolver.Resolve(context, request);
            var want = CandidateSelector.Select(context, dense, request, seeds);
            var got = CandidateSelector.SelectCandidates(context, rows, scores, request, seeds);
            Assert.Equal(want.Select(r => (r.TrackId, r.Score, r.Why)), got.Select(r => (r.TrackId, r.Score, r.Why)));
        }
    }

    [Fact]
    public void SelectCandidates_RefusesRowsAndScoresOfDifferentLengths()
    {
        var context = Fixtures.Context();
        Assert.Throws<ArgumentException>(() => CandidateSelector.SelectCandidates(context, [1, 2], [0.5f], RecommendationRequest.ForSeeds([1], 3), []));
    }

    [Fact]
    public void ProfileScores_MatchTheZDefinition_AndItsTopK_EqualsABruteForceSort()
    {
        var likes = new[] { Interaction.Like("u", 3), Interaction.Like("u", 25), Interaction.Like("u", 26), Interaction.Dislike("u", 80) };
        var context = Fixtures.Context(likes);
        var profile = new ProfileRecommender(context);
        var request = RecommendationRequest.ForUser("u", 15) with { Filters = new RecommendationFilters { DropNearDuplicates = false } };
        var scores = profile.ScoreAll(request)!;
        var q = GenreProfile.Of(context.GenreLabels.Count, SeedResolver.Resolve(context, request))!;
        for (var r = 0; r < scores.Length; r++)
        {
            // The SIMD form (q·c / max(|q|, |c|)²) against the definition, to float rounding.
            Assert.Equal(MagnitudeAwareSimilarity.Z(q, context.Tracks[r].GenreProbabilities), scores[r], 1e-5f);
        }

        var known = context.WeightsOf("u").Keys.ToHashSet();
        var want = Enumerable.Range(0, scores.Length).Where(r => !known.Contains(r))
            .OrderByDescending(r => scores[r]).ThenBy(r => r).Take(15).Select(r => (context.Tracks[r].Id, scores[r])).ToList();
        for (var repeat = 0; repeat < 3; repeat++) // pooled buffers come back dirty: the answer must not change
        {
            var got = profile.Recommend(request).Select(r => (r.TrackId, r.Score)).ToList();
            Assert.Equal(want.Select(w => (double)w.Item2), got.Select(g => g.Score));
            Assert.Equal(want.Select(w => w.Id).ToHashSet(), got.Select(g => g.TrackId).ToHashSet());
        }
    }

    [Fact]
    public async Task SimilarSongsFromTheGraph_EqualsThePerRowSelectionOfTheSameCandidates()
    {
        var vectors = AnnIndexTests.Clustered(3_000, 24, clusters: 12, seed: 5);
        var tracks = vectors.Select((v, i) => Fixtures.Track(i + 1, v, Probabilities(i))).ToArray();
        var likes = Enumerable.Range(0, 12).Select(i => Interaction.Like("u", 1 + (i * 37))).Append(Interaction.Dislike("u", 900)).ToArray();
        var options = new SimilarityIndexOptions { Approximate = new AnnIndexOptions { Threshold = 1_000 } };
        var context = new RecommendationContext("v1", Genres, tracks, likes, indexOptions: options);
        await ((AnnIndex)context.Neighbours).Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var m1 = new SimilarSongsRecommender(context);
        RecommendationRequest[] requests = [RecommendationRequest.ForSeeds([10], 10), RecommendationRequest.ForSeeds([5, 2_000], 20), RecommendationRequest.ForUser("u", 10)];
        foreach (var request in requests)
        {
            var dense = m1.ScoreForSelection(request, approximate: true)!;
            Assert.Contains(dense, float.IsNaN); // only the graph's candidates are scored
            var want = CandidateSelector.Select(context, dense, request, SeedResolver.Resolve(context, request));
            Assert.Equal(want.Select(r => (r.TrackId, r.Score)), m1.Recommend(request).Select(r => (r.TrackId, r.Score)));
        }
    }

    private static float[] Probabilities(int i)
    {
        var p = new float[Genres.Length];
        p[i % Genres.Length] = 0.7f;
        p[(i + 1) % Genres.Length] = 0.3f;
        return p;
    }
}
