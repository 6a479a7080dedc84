using System.Globalization;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 001's method 2: method 1's cosine plus genre information. Seed genres G = top genres holding ≥ MinSeedShare of
/// the positive seed weight. <see cref="GenreRule.Boost"/>: score = cos + β·Σ_{g∈G} P(candidate = g).
/// <see cref="GenreRule.Restrict"/>: candidates whose top genre is not in G are dropped.
/// </summary>
public sealed class GenreAwareRecommender : IRecommender, ICandidateScorer
{
    private readonly RecommendationContext _context;
    private readonly GenreAwareOptions _options;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public GenreAwareRecommender(RecommendationContext context, GenreAwareOptions? options = null)
    {
        _context = context;
        _options = (options ?? GenreAwareOptions.Default).Validate();
    }

    /// <inheritdoc />
    public string Name => "m2";

    /// <inheritdoc />
    public float[]? ScoreAll(RecommendationRequest request) => ScoreAll(request, approximate: false, rerank: false, out _, out _);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var scores = ScoreAll(request, approximate: true, rerank: true, out var seeds, out var genres)
            ?? throw new RecommendationException("Method 2 needs seed songs or a user who liked something.");
        var labels = string.Join("/", genres.Select(g => _context.GenreLabels[g]));
        string Lead(int row)
        {
            var mass = genres.Sum(g => _context.Tracks[row].GenreProbabilities[g]);
            return string.Create(CultureInfo.InvariantCulture, $"{mass:P0} {labels} like your seeds");
        }

        var result = CandidateSelector.Select(_context, scores, request, seeds, Lead);
        if (result.Count < request.Count && _context.Neighbours is Similarity.AnnIndex)
        {
            // The graph's candidates did not hold n tracks of the seed genres: score every row.
            result = CandidateSelector.Select(_context, ScoreAll(request, approximate: false, rerank: true, out _, out _)!, request, seeds, Lead);
        }

        return result;
    }

    /// <summary>The seed genres G of a request.</summary>
    public IReadOnlyList<int> SeedGenres(IReadOnlyList<Seed> seeds)
    {
        var shares = GenreShares.Of(_context, seeds);
        return Enumerable.Range(0, shares.Length).Where(g => shares[g] > 0 && shares[g] >= _options.MinSeedShare - 1e-9).ToList();
    }

    private float[]? ScoreAll(RecommendationRequest request, bool approximate, bool rerank, out IReadOnlyList<Seed> seeds, out IReadOnlyList<int> genres)
    {
        var m1 = new SimilarSongsRecommender(_context, _options.Similarity);
        seeds = SeedResolver.Resolve(_context, request);
        genres = SeedGenres(seeds);
        var scores = rerank ? m1.ScoreForSelection(request, approximate) : m1.ScoreAll(request);
        if (scores is null)
        {
            return null;
        }

        for (var r = 0; r < scores.Length; r++)
        {
            if (float.IsNaN(scores[r]))
            {
                continue; // not a candidate (stays NaN under both rules)
            }

            if (_options.Rule == GenreRule.Restrict)
            {
                if (!genres.Contains(_context.TopGenreOf(r)))
                {
                    scores[r] = float.NaN;
                }
            }
            else
            {
                var p = _context.Tracks[r].GenreProbabilities;
                var mass = 0f;
                foreach (var g in genres)
                {
                    mass += p[g];
                }

                scores[r] += _options.Beta * mass;
            }
        }

        return scores;
    }
}
