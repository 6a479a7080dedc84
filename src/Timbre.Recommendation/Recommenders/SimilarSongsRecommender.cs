using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 001's method 1: cosine over embeddings to up to five seed songs (or, without seeds, to the user's history:
/// likes pull, dislikes push); the top n, never the seeds themselves. See <see cref="SeedAggregation"/>.
/// </summary>
public sealed class SimilarSongsRecommender : IRecommender, ICandidateScorer
{
    private readonly RecommendationContext _context;
    private readonly SimilarSongsOptions _options;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public SimilarSongsRecommender(RecommendationContext context, SimilarSongsOptions? options = null)
    {
        _context = context;
        _options = (options ?? SimilarSongsOptions.Default).Validate();
    }

    /// <inheritdoc />
    public string Name => "m1";

    /// <inheritdoc />
    public float[]? ScoreAll(RecommendationRequest request) => ScoreAll(request, out _);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var scores = ScoreAll(request, out var seeds)
            ?? throw new RecommendationException("Similar-songs needs seed songs or a user who liked something.");
        return CandidateSelector.Select(_context, scores, request, seeds);
    }

    private float[]? ScoreAll(RecommendationRequest request, out IReadOnlyList<Seed> seeds)
    {
        var seedCount = request.SeedTrackIds.Count + request.SeedTracks.Count;
        if (seedCount > _options.MaxSeeds)
        {
            throw new RecommendationException($"At most {_options.MaxSeeds} seed songs are allowed, got {seedCount}.");
        }

        seeds = SeedResolver.Resolve(_context, request);
        return SeedScoring.Score(_context, seeds, _options.Aggregation, _options.DislikePush);
    }
}
