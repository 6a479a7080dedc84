using System.Globalization;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 000's multicategory method: the user's genre shares (<see cref="GenreShares"/>); each share ≥ θ is a category
/// (the largest share when none passes); n is split between categories in proportion to their shares by largest
/// remainder; within a category candidates whose top genre is that category are ranked by Z(q_g, c), q_g the
/// profile of the user's songs in that category. Unfilled slots go to the overall profile's ranking. The final
/// list is ordered by score.
/// </summary>
public sealed class MulticategoryRecommender : IRecommender
{
    private readonly RecommendationContext _context;
    private readonly MulticategoryOptions _options;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public MulticategoryRecommender(RecommendationContext context, MulticategoryOptions? options = null)
    {
        _context = context;
        _options = (options ?? MulticategoryOptions.Default).Validate();
    }

    /// <inheritdoc />
    public string Name => "multi";

    /// <summary>The categories (genre index, share, quota) chosen for a request.</summary>
    public IReadOnlyList<(int Genre, double Share, int Quota)> Categories(IReadOnlyList<Seed> seeds, int n)
    {
        var shares = GenreShares.Of(_context, seeds);
        var chosen = Enumerable.Range(0, shares.Length).Where(g => shares[g] > 0 && shares[g] >= _options.Threshold - 1e-12).ToList();
        if (chosen.Count == 0 && shares.Any(s => s > 0))
        {
            chosen.Add(Array.IndexOf(shares, shares.Max()));
        }

        var quotas = LargestRemainder.Apportion(n, chosen.Select(g => shares[g]).ToList());
        return chosen.Select((g, i) => (g, shares[g], quotas[i])).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        request.Validate();
        var seeds = SeedResolver.Resolve(_context, request);
        var overall = GenreProfile.Of(_context.GenreLabels.Count, seeds);
        if (overall is null || !seeds.Any(s => s.Weight > 0))
        {
            throw new RecommendationException("The multicategory method needs a user history or seed songs.");
        }

        var result = new List<RecommendedTrack>();
        var taken = new HashSet<long>(request.Filters.ExcludeIds);
        var include = request.Filters.IncludeGenres;
        foreach (var (genre, share, quota) in Categories(seeds, request.Count))
        {
            var label = _context.GenreLabels[genre];
            if (quota == 0 || (include.Count > 0 && !include.Contains(label)))
            {
                continue;
            }

            var inCategory = seeds.Where(s => s.Track.TopGenre == genre).ToList();
            var q = GenreProfile.Of(_context.GenreLabels.Count, inCategory) ?? overall;
            var scores = ProfileRecommender.ScoreAgainst(_context, q, magnitudeAware: true);
            var sub = request with
            {
                Count = quota,
                Filters = request.Filters with { IncludeGenres = new HashSet<string> { label }, ExcludeIds = taken },
            };
            var lead = string.Create(CultureInfo.InvariantCulture, $"{label} is {share:P0} of what you like");
            foreach (var rec in CandidateSelector.Select(_context, scores, sub, inCategory.Count > 0 ? inCategory : seeds, _ => lead))
            {
                result.Add(rec);
                taken.Add(rec.TrackId);
            }
        }

        if (result.Count < request.Count)
        {
            var scores = ProfileRecommender.ScoreAgainst(_context, overall, magnitudeAware: true);
            var rest = request with { Count = request.Count - result.Count, Filters = request.Filters with { ExcludeIds = taken } };
            result.AddRange(CandidateSelector.Select(_context, scores, rest, seeds, _ => "fills up from your overall profile"));
        }

        return result.OrderByDescending(r => r.Score).ToList();
    }
}
