namespace Timbre.Evaluation.Ranking;

/// <summary>
/// Top-n metrics of one ranked recommendation list against a set of relevant items (binary relevance). Only the
/// first n items of the ranking count; a ranking shorter than n is scored as if padded with irrelevant items. When
/// the relevant set is empty, recall, nDCG and average precision are 0.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Hits in the top n divided by n.</summary>
    public static double PrecisionAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n) =>
        (double)Hits(ranked, relevant, n) / CheckN(n);

    /// <summary>Hits in the top n divided by the number of relevant items.</summary>
    public static double RecallAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n)
    {
        var hits = Hits(ranked, relevant, n);
        return relevant.Count == 0 ? 0 : (double)hits / relevant.Count;
    }

    /// <summary>1 when at least one of the top n items is relevant, else 0 (averaged over users: the hit rate).</summary>
    public static double HitAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n) =>
        Hits(ranked, relevant, n) > 0 ? 1 : 0;

    /// <summary>
    /// Normalised discounted cumulative gain: Σ rel_i / log2(i + 1) over ranks i = 1..n, divided by the same sum for
    /// an ideal ranking (min(|relevant|, n) hits first).
    /// </summary>
    public static double NdcgAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n)
    {
        Check(ranked, relevant);
        CheckN(n);
        var dcg = 0.0;
        var limit = Math.Min(n, ranked.Count);
        for (var i = 0; i < limit; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        var idealHits = Math.Min(n, relevant.Count);
        for (var i = 0; i < idealHits; i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>
    /// Average precision at n: Σ over relevant ranks k ≤ n of precision@k, divided by min(|relevant|, n). With n at
    /// least the ranking length and every relevant item ranked, this is scikit-learn's average_precision_score.
    /// </summary>
    public static double AveragePrecisionAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n)
    {
        Check(ranked, relevant);
        CheckN(n);
        var hits = 0;
        var sum = 0.0;
        var limit = Math.Min(n, ranked.Count);
        for (var i = 0; i < limit; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }

        var denominator = Math.Min(n, relevant.Count);
        return denominator == 0 ? 0 : sum / denominator;
    }

    /// <summary>Reciprocal rank of the first relevant item within the top n (0 when none).</summary>
    public static double ReciprocalRankAt<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n)
    {
        Check(ranked, relevant);
        CheckN(n);
        var limit = Math.Min(n, ranked.Count);
        for (var i = 0; i < limit; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>
    /// Catalog coverage: distinct items recommended over all <paramref name="lists"/> divided by
    /// <paramref name="catalogSize"/> (0 for an empty catalog).
    /// </summary>
    public static double Coverage<T>(IEnumerable<IReadOnlyList<T>> lists, int catalogSize)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(catalogSize);
        return catalogSize == 0 ? 0 : (double)lists.SelectMany(l => l).Distinct().Count() / catalogSize;
    }

    /// <summary>
    /// Intra-list diversity: the mean of 1 − <paramref name="similarity"/>(i, j) over the pairs i &lt; j of a list of
    /// <paramref name="count"/> items; 0 for fewer than two items.
    /// </summary>
    public static double IntraListDiversity(int count, Func<int, int, double> similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        if (count < 2)
        {
            return 0;
        }

        var sum = 0.0;
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

    private static int Hits<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant, int n)
    {
        Check(ranked, relevant);
        CheckN(n);
        var hits = 0;
        var limit = Math.Min(n, ranked.Count);
        for (var i = 0; i < limit; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
            }
        }

        return hits;
    }

    private static void Check<T>(IReadOnlyList<T> ranked, IReadOnlySet<T> relevant)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
    }

    private static int CheckN(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return n;
    }
}
