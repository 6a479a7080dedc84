using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// The last step of <see cref="SeedScoring"/> when the snapshot has <see cref="RecommendationContext.Proximity"/>: the
/// best <see cref="MutualProximityOptions.Candidates"/> rows by cosine score (from the full scan or the HNSW graph's
/// candidates alike) are scored again with the same Rocchio formula, mutual proximity in place of cosine:
/// score(c) = agg_{w_i &gt; 0}(w_i, MP(c, s_i)) − γ · Σ_{w_j &lt; 0} |w_j| MP(c, s_j) / Σ|w_j|. Every other scored row
/// keeps its cosine order below the lowest re-ranked score, so selectors that need more rows still find them.
/// </summary>
internal static class ProximityReranking
{
    /// <summary>Re-ranks <paramref name="scores"/> (one per row) in place (NaN and −∞ rows stay as they are).</summary>
    public static void Apply(RecommendationContext context, MutualProximity proximity, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, float[] scores)
        => Apply(context, proximity, seeds, aggregation, push, scores, [], sparse: false);

    /// <summary>As <see cref="Apply(RecommendationContext, MutualProximity, IReadOnlyList{Seed}, SeedAggregation, float, float[])"/> on candidate rows: <paramref name="scores"/>[i] is row <paramref name="rows"/>[i]'s.</summary>
    public static void Apply(RecommendationContext context, MutualProximity proximity, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, float[] scores, int[] rows)
        => Apply(context, proximity, seeds, aggregation, push, scores, rows, sparse: true);

    private static void Apply(RecommendationContext context, MutualProximity proximity, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, float[] scores, int[] rows, bool sparse)
    {
        // The heap holds positions in scores (= rows when dense), so ties break the same way on both paths.
        var depth = Math.Min(scores.Length, proximity.Options.Candidates + seeds.Count(s => s.Row >= 0));
        var heap = new TopKHeap(Math.Max(depth, 1));
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (!float.IsNaN(s) && !float.IsNegativeInfinity(s) && heap.Accepts(s, i))
            {
                heap.Add(s, i);
            }
        }

        var top = heap.ToSortedArray();
        if (top.Length == 0)
        {
            return;
        }

        var positives = seeds.Where(s => s.Weight > 0).Select(s => (s, Moments(context, proximity, s))).ToList();
        var negatives = push > 0 ? seeds.Where(s => s.Weight < 0).Select(s => (s, Moments(context, proximity, s))).ToList() : [];
        var cutoff = top[^1].Score;
        var floor = double.PositiveInfinity;
        var reranked = new double[top.Length];
        for (var i = 0; i < top.Length; i++)
        {
            var row = sparse ? rows[top[i].Row] : top[i].Row;
            var v = context.Index.VectorAt(row);
            var m = proximity.MomentsOf(context.Tracks[row].Id, v);
            var value = Aggregate(positives, v, m, aggregation);
            if (negatives.Count > 0)
            {
                value -= push * Aggregate(negatives, v, m, SeedAggregation.Mean);
            }

            reranked[i] = value;
            floor = Math.Min(floor, value);
        }

        var inTop = new HashSet<int>(top.Select(t => t.Row));
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (!float.IsNaN(s) && !float.IsNegativeInfinity(s) && !inTop.Contains(i))
            {
                scores[i] = (float)(floor - 1 - (cutoff - s)); // below every re-ranked row, in cosine order
            }
        }

        for (var i = 0; i < top.Length; i++)
        {
            scores[top[i].Row] = (float)reranked[i];
        }
    }

    private static DistanceMoments Moments(RecommendationContext context, MutualProximity proximity, Seed seed)
        => seed.Row >= 0 ? proximity.MomentsOf(context.Tracks[seed.Row].Id, seed.Unit) : proximity.MomentsOf(seed.Unit);

    /// <summary>Weighted mean (or max) of MP(c, s_i) over the seeds.</summary>
    private static double Aggregate(List<(Seed Seed, DistanceMoments Moments)> seeds, ReadOnlySpan<float> v, DistanceMoments m, SeedAggregation aggregation)
    {
        double total = 0, sum = 0, best = 0;
        foreach (var (seed, moments) in seeds)
        {
            var mp = MutualProximity.Score(1.0 - TensorPrimitives.Dot(seed.Unit, v), moments, m);
            var w = Math.Abs(seed.Weight);
            total += w;
            sum += w * mp;
            best = Math.Max(best, mp);
        }

        return aggregation == SeedAggregation.Max ? best : total > 0 ? sum / total : 0;
    }
}
