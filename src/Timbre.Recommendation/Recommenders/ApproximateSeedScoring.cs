using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// <see cref="SeedScoring"/> over a large catalog: the HNSW graph of <see cref="RecommendationContext.Neighbours"/>
/// proposes candidate rows near each direction the score pulls towards (the weighted mean of the liked seeds, or each
/// seed for <see cref="SeedAggregation.Max"/>); only those rows are scored, exactly and with the same formula as the
/// full scan, and every other row is NaN (not a candidate).
/// </summary>
internal static class ApproximateSeedScoring
{
    /// <summary>Candidate rows per direction for a request: a wide margin over the selector's pool, plus the rows it blocks.</summary>
    public static int CandidateCount(RecommendationRequest request, IReadOnlyList<Seed> seeds)
        => (request.Count * 10) + 50 + seeds.Count + request.Filters.ExcludeIds.Count;

    /// <summary>Scores of the candidate rows (NaN elsewhere), or null when the graph is not ready or the pull cancels out.</summary>
    public static float[]? Score(AnnIndex ann, SimilarityIndex index, List<Seed> positives, List<Seed> negatives, SeedAggregation aggregation, float push, int candidates)
    {
        if (Candidates(ann, index, positives, negatives, aggregation, push, candidates) is not { } found)
        {
            return null;
        }

        var scores = new float[index.Count];
        Array.Fill(scores, float.NaN);
        for (var i = 0; i < found.Rows.Length; i++)
        {
            scores[found.Rows[i]] = found.Scores[i];
        }

        return scores;
    }

    /// <summary>
    /// The candidate rows (distinct, ascending) and their exact scores, or null when the graph is not ready or the pull
    /// cancels out: what <see cref="Score"/> spreads over a per-row array, without that array.
    /// </summary>
    public static (int[] Rows, float[] Scores)? Candidates(AnnIndex ann, SimilarityIndex index, List<Seed> positives, List<Seed> negatives, SeedAggregation aggregation, float push, int candidates)
    {
        if (!ann.IsReady || !index.Options.Normalize)
        {
            return null;
        }

        var (pull, pullNorm) = MeanDirection(positives, index.Dimension);
        var (away, awayNorm) = negatives.Count > 0 && push > 0 ? MeanDirection(negatives, index.Dimension) : (null, 0f);
        if (aggregation == SeedAggregation.Mean && pullNorm == 0)
        {
            return null;
        }

        // The score is linear in the row vector (for Max, per seed), so the rows scoring highest are the nearest to
        // one direction each: pull·|pull| − push·|away|·away.
        float[][] directions = aggregation == SeedAggregation.Mean
            ? [Minus(Scaled(pull, pullNorm), away, push * awayNorm)]
            : [.. positives.Select(s => Minus(s.Unit, away, push * awayNorm))];
        var rows = new HashSet<int>();
        foreach (var d in directions.Where(d => TensorPrimitives.Norm(d) > 0))
        {
            var found = ann.CandidateRows(d, candidates);
            if (found is null)
            {
                return null;
            }

            rows.UnionWith(found);
        }

        var sorted = rows.ToArray();
        Array.Sort(sorted);
        var scores = new float[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var row = sorted[i];
            var v = index.VectorAt(row);
            var s = aggregation == SeedAggregation.Mean ? pullNorm * TensorPrimitives.Dot(v, pull) : MaxDot(v, positives);
            if (away is not null && awayNorm > 0)
            {
                s -= push * awayNorm * TensorPrimitives.Dot(v, away);
            }

            scores[i] = s;
        }

        return (sorted, scores);
    }

    private static float[] Scaled(float[] v, float by)
    {
        var result = new float[v.Length];
        TensorPrimitives.Multiply(v, by, result);
        return result;
    }

    private static float[] Minus(float[] v, float[]? away, float by)
    {
        if (away is null || by == 0)
        {
            return v;
        }

        var result = new float[v.Length];
        TensorPrimitives.MultiplyAdd(away, -by, v, result);
        return result;
    }

    private static float MaxDot(ReadOnlySpan<float> v, List<Seed> seeds)
    {
        var best = float.NegativeInfinity;
        foreach (var s in seeds)
        {
            best = Math.Max(best, TensorPrimitives.Dot(v, s.Unit));
        }

        return best;
    }

    /// <summary>The unit direction of Σ|w_i| u_i / Σ|w_i| and that mean's length (0 when the seeds cancel).</summary>
    private static (float[] Unit, float Norm) MeanDirection(List<Seed> seeds, int dimension)
    {
        var total = seeds.Sum(s => Math.Abs(s.Weight));
        var mean = new float[dimension];
        foreach (var s in seeds)
        {
            TensorPrimitives.MultiplyAdd(s.Unit, Math.Abs(s.Weight) / total, mean, mean);
        }

        var norm = TensorPrimitives.Norm(mean);
        return norm == 0 ? (mean, 0f) : (VectorMath.Normalized(mean), norm);
    }
}
