namespace Timbre.Recommendation.Evaluation;

/// <summary>Ranking metrics over one recommended list (ids in rank order) and a relevant set.</summary>
public static class RankingMetrics
{
    /// <summary>|top-n ∩ relevant| / n (n = requested length, so short lists are penalised).</summary>
    public static double PrecisionAt(IReadOnlyList<long> ranked, IReadOnlySet<long> relevant, int n)
        => n == 0 ? 0 : (double)ranked.Take(n).Count(relevant.Contains) / n;

    /// <summary>|top-n ∩ relevant| / |relevant| (0 when nothing is relevant).</summary>
    public static double RecallAt(IReadOnlyList<long> ranked, IReadOnlySet<long> relevant, int n)
        => relevant.Count == 0 ? 0 : (double)ranked.Take(n).Count(relevant.Contains) / relevant.Count;

    /// <summary>Binary-gain nDCG@n: Σ 1/log2(rank + 1) over hits, divided by the ideal DCG of min(n, |relevant|) hits.</summary>
    public static double NdcgAt(IReadOnlyList<long> ranked, IReadOnlySet<long> relevant, int n)
    {
        double dcg = 0;
        var top = ranked.Take(n).ToList();
        for (var i = 0; i < top.Count; i++)
        {
            if (relevant.Contains(top[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        double ideal = 0;
        for (var i = 0; i < Math.Min(n, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>1 when any of the top n is relevant, else 0.</summary>
    public static double HitAt(IReadOnlyList<long> ranked, IReadOnlySet<long> relevant, int n)
        => ranked.Take(n).Any(relevant.Contains) ? 1 : 0;

    /// <summary>000's accuracy: the fraction of the recommended songs whose genre is one of the user's preferred genres (over n).</summary>
    public static double GenreAccuracy(IReadOnlyList<string> recommendedGenres, IReadOnlySet<string> preferred, int n)
        => n == 0 ? 0 : (double)recommendedGenres.Take(n).Count(preferred.Contains) / n;

    /// <summary>Distinct recommended tracks over all users / catalog size.</summary>
    public static double Coverage(IEnumerable<IReadOnlyList<long>> lists, int catalogSize)
        => catalogSize == 0 ? 0 : (double)lists.SelectMany(l => l).Distinct().Count() / catalogSize;

    /// <summary>Intra-list diversity: mean pairwise (1 − similarity) of a list; 0 for fewer than 2 items.</summary>
    public static double IntraListDiversity(int count, Func<int, int, double> similarity)
    {
        if (count < 2)
        {
            return 0;
        }

        double sum = 0;
        var pairs = 0;
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                sum += 1 - similarity(i, j);
                pairs++;
            }
        }

        return sum / pairs;
    }
}
