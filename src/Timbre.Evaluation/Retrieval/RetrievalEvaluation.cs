using Timbre.Evaluation.Ranking;

namespace Timbre.Evaluation.Retrieval;

/// <summary>What one leave-one-out query scored.</summary>
/// <param name="Index">The query item.</param>
/// <param name="Group">Its group (album or artist).</param>
/// <param name="Candidates">Items it was ranked against (all others, minus the excluded ones).</param>
/// <param name="Relevant">Candidates of its own group.</param>
/// <param name="Precision">Precision at k.</param>
/// <param name="AveragePrecision">Average precision at k (<see cref="RankingMetrics.AveragePrecisionAt{T}"/>).</param>
/// <param name="Ndcg">nDCG at k.</param>
public sealed record RetrievalQuery(int Index, string Group, int Candidates, int Relevant, double Precision, double AveragePrecision, double Ndcg);

/// <summary>The mean scores of one group's queries.</summary>
public sealed record GroupScore(string Group, int Queries, double Precision, double AveragePrecision, double Ndcg);

/// <summary>Leave-one-out retrieval scores of one embedding against one grouping.</summary>
/// <param name="K">Cut-off of every metric.</param>
/// <param name="Queries">Scored queries (items with at least one relevant candidate), in item order.</param>
/// <param name="Skipped">Items that were not scored because no candidate shares their group.</param>
/// <param name="Chance">Expected precision at k of a random ranking: the mean over queries of relevant / candidates.</param>
public sealed record RetrievalResult(int K, IReadOnlyList<RetrievalQuery> Queries, int Skipped, double Chance)
{
    /// <summary>Mean precision at k.</summary>
    public double Precision => Mean(q => q.Precision);

    /// <summary>Mean average precision at k.</summary>
    public double MeanAveragePrecision => Mean(q => q.AveragePrecision);

    /// <summary>Mean nDCG at k.</summary>
    public double Ndcg => Mean(q => q.Ndcg);

    /// <summary>Mean scores per group, ordered by group name (ordinal).</summary>
    public IReadOnlyList<GroupScore> ByGroup() =>
        [.. Queries.GroupBy(q => q.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupScore(g.Key, g.Count(), g.Average(q => q.Precision), g.Average(q => q.AveragePrecision), g.Average(q => q.Ndcg)))];

    private double Mean(Func<RetrievalQuery, double> metric) => Queries.Count == 0 ? 0 : Queries.Average(metric);
}

/// <summary>
/// Leave-one-out retrieval: every item in turn is the query, all others are ranked by cosine similarity to it, and the
/// items of the query's group (same album, same artist) are the relevant ones. With <c>exclude</c> labels, candidates
/// sharing the query's exclude label are removed first: grouping by artist and excluding by album measures artist
/// similarity without the album effect (Flexer &amp; Schnitzer 2010). Ties in similarity keep item order.
/// </summary>
public static class RetrievalEvaluation
{
    /// <summary>Scores <paramref name="vectors"/> (one per item, equal lengths) against <paramref name="groups"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or k is below 1.</exception>
    public static RetrievalResult Evaluate(IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, int k, IReadOnlyList<string>? exclude = null)
        => Evaluate(vectors, groups, k, exclude, mutualProximity: false);

    /// <summary>
    /// As <see cref="Evaluate(IReadOnlyList{float[]}, IReadOnlyList{string}, int, IReadOnlyList{string}?)"/>; with
    /// <paramref name="mutualProximity"/> candidates are ranked by mutual proximity instead of cosine (Schnitzer et al.
    /// 2012, Gaussian form): MP(q, x) = P(D_q &gt; d) · P(D_x &gt; d), d = 1 − cos(q, x), D_i ~ N(μ_i, σ_i) the
    /// distances from item i to all others. It reduces hubs (items close to everything) that crowd high-dimensional
    /// nearest-neighbour lists. Label-free.
    /// </summary>
    public static RetrievalResult Evaluate(IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, int k, IReadOnlyList<string>? exclude, bool mutualProximity)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (groups.Count != vectors.Count || (exclude is not null && exclude.Count != vectors.Count))
        {
            throw new ArgumentException($"{vectors.Count} vectors but {groups.Count} groups{(exclude is null ? "" : $" and {exclude.Count} exclude labels")}.");
        }

        var unit = Normalised(vectors);
        var proximity = mutualProximity ? DistanceMoments(unit) : null;
        return Evaluate(vectors.Count, q => Enumerable.Range(0, unit.Length)
            .Select(i => i == q ? double.NaN : proximity is null ? Dot(unit[q], unit[i]) : MutualProximity(1 - Dot(unit[q], unit[i]), proximity[q], proximity[i]))
            .ToArray(), groups, k, exclude);
    }

    /// <summary>
    /// Leave-one-out retrieval with any ranking: <paramref name="scoresOf"/>(q) gives one score per item (higher =
    /// closer to q; NaN = ranked last), e.g. the scores a recommender selects from. Ties keep item order.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, or k is below 1.</exception>
    public static RetrievalResult Evaluate(int count, Func<int, IReadOnlyList<double>> scoresOf, IReadOnlyList<string> groups, int k, IReadOnlyList<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(scoresOf);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (groups.Count != count || (exclude is not null && exclude.Count != count))
        {
            throw new ArgumentException($"{count} items but {groups.Count} groups{(exclude is null ? "" : $" and {exclude.Count} exclude labels")}.");
        }

        var queries = new List<RetrievalQuery>(count);
        var skipped = 0;
        var chance = 0.0;
        var candidates = new List<(int Index, double Similarity)>(count);
        for (var q = 0; q < count; q++)
        {
            candidates.Clear();
            var relevant = new HashSet<int>();
            var scores = scoresOf(q);
            if (scores.Count != count)
            {
                throw new ArgumentException($"Query {q} scored {scores.Count} items, expected {count}.", nameof(scoresOf));
            }

            for (var i = 0; i < count; i++)
            {
                if (i == q || (exclude is not null && exclude[i] == exclude[q]))
                {
                    continue;
                }

                candidates.Add((i, double.IsNaN(scores[i]) ? double.NegativeInfinity : scores[i]));
                if (groups[i] == groups[q])
                {
                    relevant.Add(i);
                }
            }

            if (relevant.Count == 0)
            {
                skipped++;
                continue;
            }

            var ranked = candidates.OrderByDescending(c => c.Similarity).Select(c => c.Index).ToList();
            chance += (double)relevant.Count / candidates.Count;
            queries.Add(new RetrievalQuery(
                q,
                groups[q],
                candidates.Count,
                relevant.Count,
                RankingMetrics.PrecisionAt(ranked, relevant, k),
                RankingMetrics.AveragePrecisionAt(ranked, relevant, k),
                RankingMetrics.NdcgAt(ranked, relevant, k)));
        }

        return new RetrievalResult(k, queries, skipped, queries.Count == 0 ? 0 : chance / queries.Count);
    }

    /// <summary>
    /// Held-out retrieval over several spaces of the same items: in each (vectors, queries) pair only the listed queries
    /// are scored (against every other item of that space); a query scored in several spaces gets the mean of its
    /// scores. For spaces fitted without the queries' groups (cross-fitting by album).
    /// </summary>
    /// <exception cref="ArgumentException">No spaces, or lengths differ.</exception>
    public static RetrievalResult EvaluateHeldOut(
        IReadOnlyList<(IReadOnlyList<float[]> Vectors, IReadOnlyList<int> Queries)> spaces, IReadOnlyList<string> groups, int k,
        IReadOnlyList<string>? exclude = null, bool mutualProximity = false)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        return EvaluateHeldOut([.. spaces.Select(s => (new Func<RetrievalResult>(() => Evaluate(s.Vectors, groups, k, exclude, mutualProximity)), s.Queries))], k);
    }

    /// <summary>
    /// As <see cref="EvaluateHeldOut(IReadOnlyList{ValueTuple{IReadOnlyList{float[]}, IReadOnlyList{int}}}, IReadOnlyList{string}, int, IReadOnlyList{string}?, bool)"/>
    /// with each space's leave-one-out result made by the caller (any ranking, e.g. a recommender's scores).
    /// </summary>
    /// <exception cref="ArgumentException">No spaces.</exception>
    public static RetrievalResult EvaluateHeldOut(IReadOnlyList<(Func<RetrievalResult> Evaluate, IReadOnlyList<int> Queries)> spaces, int k)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        if (spaces.Count == 0)
        {
            throw new ArgumentException("No spaces to evaluate.", nameof(spaces));
        }

        var byQuery = new SortedDictionary<int, List<RetrievalQuery>>();
        var skipped = new HashSet<int>();
        foreach (var (evaluate, queries) in spaces)
        {
            var wanted = new HashSet<int>(queries);
            var scored = evaluate().Queries;
            foreach (var q in scored.Where(q => wanted.Contains(q.Index)))
            {
                (byQuery.TryGetValue(q.Index, out var list) ? list : byQuery[q.Index] = []).Add(q);
            }

            skipped.UnionWith(wanted.Except(scored.Select(q => q.Index)));
        }

        var merged = byQuery.Values.Select(l => l[0] with
        {
            Precision = l.Average(q => q.Precision),
            AveragePrecision = l.Average(q => q.AveragePrecision),
            Ndcg = l.Average(q => q.Ndcg),
        }).ToList();
        var chance = merged.Count == 0 ? 0 : merged.Average(q => (double)q.Relevant / q.Candidates);
        return new RetrievalResult(k, merged, skipped.Except(byQuery.Keys).Count(), chance);
    }

    /// <summary>Mean and standard deviation of each item's cosine distances to all others.</summary>
    private static (double Mean, double Std)[] DistanceMoments(float[][] unit)
    {
        var n = unit.Length;
        var result = new (double, double)[n];
        for (var a = 0; a < n; a++)
        {
            double sum = 0, squares = 0;
            for (var b = 0; b < n; b++)
            {
                if (b != a)
                {
                    var d = 1 - Dot(unit[a], unit[b]);
                    sum += d;
                    squares += d * d;
                }
            }

            var mean = n > 1 ? sum / (n - 1) : 0;
            result[a] = (mean, Math.Sqrt(Math.Max(n > 1 ? (squares / (n - 1)) - (mean * mean) : 0, 1e-24)));
        }

        return result;
    }

    /// <summary>P(D_q &gt; d) · P(D_x &gt; d) under the Gaussians of both items' distances.</summary>
    private static double MutualProximity(double distance, (double Mean, double Std) q, (double Mean, double Std) x)
    {
        static double Above(double d, (double Mean, double Std) m) => 0.5 * Statistics.SpecialFunctions.Erfc((d - m.Mean) / (m.Std * Math.Sqrt(2)));
        return Above(distance, q) * Above(distance, x);
    }

    private static float[][] Normalised(IReadOnlyList<float[]> vectors)
    {
        var dim = vectors.Count == 0 ? 0 : vectors[0].Length;
        var result = new float[vectors.Count][];
        for (var i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i] ?? throw new ArgumentException($"Vector {i} is null.", nameof(vectors));
            if (v.Length != dim)
            {
                throw new ArgumentException($"Vector {i} has {v.Length} values, vector 0 has {dim}.", nameof(vectors));
            }

            var norm = Math.Sqrt(Dot(v, v));
            result[i] = norm == 0 ? new float[dim] : [.. v.Select(x => (float)(x / norm))];
        }

        return result;
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
