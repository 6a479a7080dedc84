using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>The user's genre shares: the share of positive preference weight whose track has each top genre.</summary>
public static class GenreShares
{
    /// <summary>share_g = Σ_{w_i &gt; 0, top(i) = g} w_i / Σ_{w_i &gt; 0} w_i; all zero without positive seeds.</summary>
    public static double[] Of(RecommendationContext context, IReadOnlyList<Seed> seeds)
    {
        var shares = new double[context.GenreLabels.Count];
        double total = 0;
        foreach (var s in seeds)
        {
            var g = s.Track.TopGenre;
            if (s.Weight > 0 && g >= 0)
            {
                shares[g] += s.Weight;
                total += s.Weight;
            }
        }

        if (total > 0)
        {
            for (var g = 0; g < shares.Length; g++)
            {
                shares[g] /= total;
            }
        }

        return shares;
    }
}
