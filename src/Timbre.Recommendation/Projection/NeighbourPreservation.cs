using System.Numerics.Tensors;

namespace Timbre.Recommendation.Projection;

/// <summary>How well a low-dimensional layout keeps each point's nearest neighbours of the original space.</summary>
public static class NeighbourPreservation
{
    /// <summary>
    /// The mean, over points, of the fraction of a point's <paramref name="k"/> nearest neighbours in
    /// <paramref name="high"/> (Euclidean) that are also among its <paramref name="k"/> nearest in <paramref name="low"/>:
    /// 1 = every neighbourhood kept; a random layout scores about k / (n − 1).
    /// </summary>
    public static double Score(IReadOnlyList<double[]> high, IReadOnlyList<double[]> low, int k)
    {
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(low);
        if (high.Count != low.Count || high.Count < 2)
        {
            throw new ArgumentException($"Need two layouts of the same ≥ 2 points, got {high.Count} and {low.Count}.");
        }

        k = Math.Clamp(k, 1, high.Count - 1);
        var total = 0.0;
        for (var i = 0; i < high.Count; i++)
        {
            var a = Nearest(high, i, k);
            var b = Nearest(low, i, k);
            a.IntersectWith(b);
            total += (double)a.Count / k;
        }

        return total / high.Count;
    }

    private static HashSet<int> Nearest(IReadOnlyList<double[]> rows, int i, int k)
        => [.. Enumerable.Range(0, rows.Count)
            .Where(j => j != i)
            .OrderBy(j => TensorPrimitives.Distance<double>(rows[i], rows[j]))
            .ThenBy(j => j)
            .Take(k)];
}
