using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Evaluation baseline: uniformly random tracks (seeded per request user, so reproducible).</summary>
public sealed class RandomRecommender : IRecommender
{
    private readonly RecommendationContext _context;
    private readonly int _seed;

    /// <summary>Creates the baseline.</summary>
    public RandomRecommender(RecommendationContext context, int seed = 7)
    {
        _context = context;
        _seed = seed;
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var rng = new Random(_seed ^ StableHash(request.UserId ?? string.Join(",", request.SeedTrackIds)));
        var scores = new float[_context.Tracks.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = rng.NextSingle();
        }

        return CandidateSelector.Select(_context, scores, request, SeedResolver.Resolve(_context, request), _ => "random pick");
    }

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var ch in s)
        {
            h = unchecked((h * 31) + ch);
        }

        return h;
    }
}
