using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// Scores rows against weighted seeds (likes pull, dislikes push: Rocchio): every row, or on a catalog searched
/// through an <see cref="AnnIndex"/> only the graph's candidates (<see cref="ApproximateSeedScoring"/>).
/// </summary>
internal static class SeedScoring
{
    /// <summary>
    /// score(c) = agg_{w_i &gt; 0}(w_i, sim(c, s_i)) − γ · Σ_{w_j &lt; 0} |w_j| sim(c, s_j) / Σ|w_j|.
    /// Null when there is no positive seed. With <paramref name="candidates"/> &gt; 0 and a ready approximate index, only
    /// the graph's candidates (that many per direction) get a score and the other rows are NaN; otherwise every row.
    /// With <paramref name="rerank"/> and a snapshot that has <see cref="RecommendationContext.Proximity"/>, the best
    /// candidates are then re-ranked by mutual proximity (<see cref="ProximityReranking"/>), either way.
    /// </summary>
    public static float[]? Score(RecommendationContext context, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, int candidates = 0, bool rerank = false)
    {
        var scores = Cosine(context, seeds, aggregation, push, candidates);
        if (scores is not null && rerank && context.Proximity is { } proximity)
        {
            ProximityReranking.Apply(context, proximity, seeds, aggregation, push, scores);
        }

        return scores;
    }

    /// <summary>
    /// The approximate path of <see cref="Score"/> without a per-row array: the graph's candidate rows (ascending) and
    /// their scores, re-ranked as <see cref="Score"/> re-ranks them. Null when the snapshot has no ready ANN index or
    /// there is no positive seed (callers then use <see cref="Score"/>).
    /// </summary>
    public static (int[] Rows, float[] Scores)? Candidates(RecommendationContext context, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, int candidates, bool rerank)
    {
        var positives = seeds.Where(s => s.Weight > 0).ToList();
        if (positives.Count == 0 || candidates <= 0 || context.Neighbours is not AnnIndex ann
            || ApproximateSeedScoring.Candidates(ann, context.Index, positives, seeds.Where(s => s.Weight < 0).ToList(), aggregation, push, candidates) is not { } found)
        {
            return null;
        }

        if (rerank && context.Proximity is { } proximity)
        {
            ProximityReranking.Apply(context, proximity, seeds, aggregation, push, found.Scores, found.Rows);
        }

        return found;
    }

    private static float[]? Cosine(RecommendationContext context, IReadOnlyList<Seed> seeds, SeedAggregation aggregation, float push, int candidates)
    {
        var positives = seeds.Where(s => s.Weight > 0).ToList();
        if (positives.Count == 0)
        {
            return null;
        }

        var index = context.Index;
        if (candidates > 0 && context.Neighbours is AnnIndex ann
            && ApproximateSeedScoring.Score(ann, index, positives, seeds.Where(s => s.Weight < 0).ToList(), aggregation, push, candidates) is { } sparse)
        {
            return sparse;
        }

        var n = index.Count;
        var scores = new float[n];
        var buffer = new float[n];
        if (aggregation == SeedAggregation.Mean)
        {
            Accumulate(index, positives, scores, buffer, 1f);
        }
        else
        {
            Array.Fill(scores, float.NegativeInfinity);
            foreach (var s in positives)
            {
                index.ScoreAll(s.Unit, buffer);
                TensorPrimitives.Max(scores, buffer, scores);
            }
        }

        var negatives = seeds.Where(s => s.Weight < 0).ToList();
        if (negatives.Count > 0 && push > 0)
        {
            Accumulate(index, negatives, scores, buffer, -push);
        }

        return scores;
    }

    /// <summary>scores += sign · Σ|w_i| sim(c, s_i) / Σ|w_i|; one pass over the matrix for cosine (mean vector).</summary>
    private static void Accumulate(SimilarityIndex index, List<Seed> seeds, float[] scores, float[] buffer, float sign)
    {
        var total = seeds.Sum(s => Math.Abs(s.Weight));
        if (index.Metric == SimilarityMetric.Cosine)
        {
            var mean = new float[index.Dimension];
            foreach (var s in seeds)
            {
                TensorPrimitives.MultiplyAdd(s.Unit, Math.Abs(s.Weight) / total, mean, mean);
            }

            var norm = TensorPrimitives.Norm(mean);
            if (norm == 0)
            {
                return;
            }

            index.ScoreAll(mean, buffer); // cosine to the mean direction; × |mean| gives the mean similarity
            TensorPrimitives.MultiplyAdd(buffer, sign * norm, scores, scores);
            return;
        }

        foreach (var s in seeds)
        {
            index.ScoreAll(s.Unit, buffer);
            TensorPrimitives.MultiplyAdd(buffer, sign * Math.Abs(s.Weight) / total, scores, scores);
        }
    }
}
