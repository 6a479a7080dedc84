using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 001's method 1: cosine over embeddings to up to five seed songs (or, without seeds, to the user's history:
/// likes pull, dislikes push); the top n, never the seeds themselves. See <see cref="SeedAggregation"/>.
/// On a catalog searched through an <see cref="Similarity.AnnIndex"/>, <see cref="Recommend"/> scores only the graph's
/// candidates (exactly) and falls back to every row when the filters leave fewer than n of them;
/// <see cref="ScoreAll(RecommendationRequest)"/> always scores every row (blends standardise over the whole catalog).
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
    public float[]? ScoreAll(RecommendationRequest request) => ScoreAll(request, approximate: false, out _);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var scores = ScoreAll(request, approximate: true, out var seeds)
            ?? throw new RecommendationException("Similar-songs needs seed songs or a user who liked something.");
        var result = CandidateSelector.Select(_context, scores, request, seeds);
        if (result.Count < request.Count && _context.Neighbours is Similarity.AnnIndex)
        {
            result = CandidateSelector.Select(_context, ScoreAll(request, approximate: false, out _)!, request, seeds);
        }

        return result;
    }

    /// <summary>
    /// Scores for <see cref="Recommend"/>-like callers that select the top n themselves: on a catalog searched through
    /// an ANN index only the graph's candidates are scored (NaN elsewhere). Callers fall back to
    /// <see cref="ScoreAll(RecommendationRequest)"/> when that leaves fewer than n.
    /// </summary>
    internal float[]? ScoreCandidates(RecommendationRequest request) => ScoreAll(request, approximate: true, out _);

    private float[]? ScoreAll(RecommendationRequest request, bool approximate, out IReadOnlyList<Seed> seeds)
    {
        var seedCount = request.SeedTrackIds.Count + request.SeedTracks.Count;
        if (seedCount > _options.MaxSeeds)
        {
            throw new RecommendationException($"At most {_options.MaxSeeds} seed songs are allowed, got {seedCount}.");
        }

        seeds = SeedResolver.Resolve(_context, request);
        var candidates = approximate ? ApproximateSeedScoring.CandidateCount(request, seeds) : 0;
        return SeedScoring.Score(_context, seeds, _options.Aggregation, _options.DislikePush, candidates);
    }
}
