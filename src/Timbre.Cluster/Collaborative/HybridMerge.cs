using System.Numerics.Tensors;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Cluster.Collaborative;

/// <summary>
/// <see cref="HybridRecommender"/>'s arithmetic, piece by piece, for the cluster: the seeds' mean directions as
/// <c>SeedScoring</c> accumulates them, the seed genres of method 2, the z-scores and the blend
/// (1 − a)·z_content + a·z'_cf with the recommender's float and double steps in the same order.
/// </summary>
internal static class HybridMerge
{
    /// <summary>The weighted mean direction of <paramref name="seeds"/> and its factor sign × |mean| (0 for a zero mean).</summary>
    public static (float[] Mean, float Factor) Direction(IReadOnlyList<(float[] Unit, float Weight)> seeds, float sign)
    {
        if (seeds.Count == 0)
        {
            return ([], 0f);
        }

        var total = seeds.Sum(s => Math.Abs(s.Weight));
        var mean = new float[seeds[0].Unit.Length];
        foreach (var s in seeds)
        {
            TensorPrimitives.MultiplyAdd(s.Unit, Math.Abs(s.Weight) / total, mean, mean);
        }

        var norm = TensorPrimitives.Norm(mean);
        return norm == 0 ? (mean, 0f) : (mean, sign * norm);
    }

    /// <summary>Method 2's seed genres: each top genre's share of the positive weight, kept from <paramref name="minShare"/>.</summary>
    public static int[] SeedGenres(IReadOnlyList<(int TopGenre, float Weight)> seeds, int genres, float minShare)
    {
        var shares = new double[genres];
        double total = 0;
        foreach (var (g, w) in seeds)
        {
            if (w > 0 && g >= 0)
            {
                shares[g] += w;
                total += w;
            }
        }

        for (var g = 0; total > 0 && g < shares.Length; g++)
        {
            shares[g] /= total;
        }

        return [.. Enumerable.Range(0, genres).Where(g => shares[g] > 0 && shares[g] >= minShare - 1e-9)];
    }

    /// <summary>Mean and standard deviation from sums over finite values, as the recommender's standardisation.</summary>
    public static (double Mean, double Sd) Moments(double sum, double squares, long n)
    {
        var mean = n > 0 ? sum / n : 0;
        var sd = n > 1 ? Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))) : 0;
        return (mean, sd);
    }

    /// <summary>One z-score.</summary>
    public static float Z(float v, (double Mean, double Sd) m) => float.IsFinite(v) ? (float)(m.Sd > 0 ? (v - m.Mean) / m.Sd : 0) : float.NaN;

    /// <summary>
    /// User-kNN scores (by track id) standardised over all of them in id order (the snapshot's row order), and the
    /// lowest z (NaN when none is finite).
    /// </summary>
    public static (long[] Ids, float[] Z, float Floor) Standardised(IReadOnlyDictionary<long, float> scores)
    {
        var ids = scores.Keys.Order().ToArray();
        double sum = 0, squares = 0;
        var n = 0;
        foreach (var id in ids)
        {
            var v = scores[id];
            if (float.IsFinite(v))
            {
                sum += v;
                squares += (double)v * v;
                n++;
            }
        }

        var m = Moments(sum, squares, n);
        var z = ids.Select(id => Z(scores[id], m)).ToArray();
        var floor = float.NaN;
        foreach (var v in z)
        {
            if (float.IsFinite(v) && !(v >= floor))
            {
                floor = v;
            }
        }

        return (ids, z, floor);
    }

    /// <summary>m_i / (m_i + K_i).</summary>
    public static double ItemShrink(int itemUsers, HybridOptions options) => itemUsers / (itemUsers + options.ItemHalfConfidence);

    /// <summary>a = MaxCfWeight · n_u / (n_u + K_u).</summary>
    public static double CfWeight(int knownTracks, HybridOptions options) => options.MaxCfWeight * knownTracks / (knownTracks + options.UserHalfConfidence);

    /// <summary>The blended score of one row with content z <paramref name="c"/> and CF part <paramref name="f"/>.</summary>
    public static float Blend(float c, float f, double userWeight)
    {
        var a = float.IsNaN(f) ? 0 : float.IsNaN(c) ? 1 : userWeight;
        return a == 0 ? c : a == 1 ? f : (float)(((1 - a) * c) + (a * f));
    }
}
