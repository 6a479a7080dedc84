using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 001's method 1: cosine over embeddings to up to five seed songs (or, without seeds, to the user's history:
/// likes pull, dislikes push); the top n, never the seeds themselves. See <see cref="SeedAggregation"/>.
/// On a catalog searched through an <see cref="Similarity.AnnIndex"/>, <see cref="Recommend"/> scores only the graph's
/// candidates (exactly) and falls back to every row when the filters leave fewer than n of them;
/// <see cref="ScoreAll(RecommendationRequest)"/> always scores every row (blends standardise over the whole catalog).
/// When the snapshot has <see cref="RecommendationContext.Proximity"/> (a fitted embedding space, by default), the
/// scores a recommendation selects from (<see cref="ScoreForSelection"/>, both paths) re-rank the best candidates by
/// mutual proximity; <see cref="ScoreAll(RecommendationRequest)"/> stays cosine for the blends.
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
    public float[]? ScoreAll(RecommendationRequest request) => ScoreAll(request, approximate: false, rerank: false, out _);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var seeds = Seeds(request);
        var candidates = ApproximateSeedScoring.CandidateCount(request, seeds);
        if (SeedScoring.Candidates(_context, seeds, _options.Aggregation, _options.DislikePush, candidates, rerank: true) is { } found)
        {
            // The graph's candidates only: no score per catalog row, no scan of the catalog.
            var fromGraph = CandidateSelector.SelectCandidates(_context, found.Rows, found.Scores, request, seeds);
            return fromGraph.Count >= request.Count
                ? fromGraph
                : CandidateSelector.Select(_context, ScoreAll(request, approximate: false, rerank: true, out _)!, request, seeds);
        }

        // No ready graph (a small catalog, or one still building): every row is scored.
        var scores = ScoreAll(request, approximate: false, rerank: true, out _)
            ?? throw new RecommendationException("Similar-songs needs seed songs or a user who liked something.");
        return CandidateSelector.Select(_context, scores, request, seeds);
    }

    /// <summary>
    /// The scores <see cref="Recommend"/> selects from (higher = better; one per row, NaN = not a candidate): cosine,
    /// re-ranked by mutual proximity when the snapshot has it. With <paramref name="approximate"/> on a catalog searched
    /// through an ANN index only the graph's candidates are scored (NaN elsewhere); callers fall back to
    /// <paramref name="approximate"/> false when that leaves fewer than n. <c>timbre eval-retrieval</c> ranks by this.
    /// Null without a positive seed.
    /// </summary>
    public float[]? ScoreForSelection(RecommendationRequest request, bool approximate = true) => ScoreAll(request, approximate, rerank: true, out _);

    private IReadOnlyList<Seed> Seeds(RecommendationRequest request)
    {
        var seedCount = request.SeedTrackIds.Count + request.SeedTracks.Count;
        if (seedCount > _options.MaxSeeds)
        {
            throw new RecommendationException($"At most {_options.MaxSeeds} seed songs are allowed, got {seedCount}.");
        }

        return SeedResolver.Resolve(_context, request);
    }

    private float[]? ScoreAll(RecommendationRequest request, bool approximate, bool rerank, out IReadOnlyList<Seed> seeds)
    {
        seeds = Seeds(request);
        var candidates = approximate ? ApproximateSeedScoring.CandidateCount(request, seeds) : 0;
        return SeedScoring.Score(_context, seeds, _options.Aggregation, _options.DislikePush, candidates, rerank);
    }
}
