using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Baseline and last-resort fallback: tracks ranked by how many users have a positive weight for them.</summary>
public sealed class PopularityRecommender : IRecommender, ICandidateScorer
{
    private readonly RecommendationContext _context;
    private readonly float[] _counts;

    /// <summary>Counts positive weights per track.</summary>
    public PopularityRecommender(RecommendationContext context)
    {
        _context = context;
        _counts = new float[context.Tracks.Count];
        foreach (var user in context.Users)
        {
            foreach (var (row, w) in context.WeightsOf(user))
            {
                if (w > 0)
                {
                    _counts[row]++;
                }
            }
        }
    }

    /// <inheritdoc />
    public string Name => "popular";

    /// <inheritdoc />
    public float[]? ScoreAll(RecommendationRequest request) => (float[])_counts.Clone();

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
        => CandidateSelector.Select(_context, _counts, request, SeedResolver.Resolve(_context, request), r => $"liked by {_counts[r]:0} listeners");
}
