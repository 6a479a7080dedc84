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

    /// <summary>
    /// <see cref="Score"/> over <paramref name="sample"/> points drawn with <paramref name="seed"/> (all points when
    /// there are no more): each needs one pass over every row, so a sample of 1 000 costs 2 000 passes at any n.
    /// </summary>
    public static double SampledScore(IReadOnlyList<double[]> high, IReadOnlyList<double[]> low, int k, int sample, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(low);
        if (high.Count != low.Count || high.Count < 2)
        {
            throw new ArgumentException($"Need two layouts of the same ≥ 2 points, got {high.Count} and {low.Count}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
        k = Math.Clamp(k, 1, high.Count - 1);
        var points = Enumerable.Range(0, high.Count).ToArray();
        if (sample < points.Length)
        {
            new Random(seed).Shuffle(points);
            points = points[..sample];
        }

        var kept = new double[points.Length];
        Parallel.For(0, points.Length, p =>
        {
            var a = NearestByHeap(high, points[p], k);
            a.IntersectWith(NearestByHeap(low, points[p], k));
            kept[p] = (double)a.Count / k;
        });
        return kept.Average();
    }

    /// <summary>The k nearest other rows of row i (ties by row), in one pass with a bounded heap.</summary>
    private static HashSet<int> NearestByHeap(IReadOnlyList<double[]> rows, int i, int k)
    {
        var heap = new PriorityQueue<int, (double D, int Row)>(k + 1, Comparer<(double D, int Row)>.Create((a, b) => b.CompareTo(a)));
        for (var j = 0; j < rows.Count; j++)
        {
            if (j == i)
            {
                continue;
            }

            var d = TensorPrimitives.Distance<double>(rows[i], rows[j]);
            if (heap.Count < k)
            {
                heap.Enqueue(j, (d, j));
            }
            else if (heap.TryPeek(out _, out var worst) && (d, j).CompareTo(worst) < 0)
            {
                heap.EnqueueDequeue(j, (d, j));
            }
        }

        return [.. heap.UnorderedItems.Select(e => e.Element)];
    }

    private static HashSet<int> Nearest(IReadOnlyList<double[]> rows, int i, int k)
        => [.. Enumerable.Range(0, rows.Count)
            .Where(j => j != i)
            .OrderBy(j => TensorPrimitives.Distance<double>(rows[i], rows[j]))
            .ThenBy(j => j)
            .Take(k)];
}
