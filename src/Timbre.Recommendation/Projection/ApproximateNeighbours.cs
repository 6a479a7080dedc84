using Timbre.Recommendation.Similarity.Hnsw;

namespace Timbre.Recommendation.Projection;

/// <summary>
/// Each row's k nearest other rows (Euclidean) from an HNSW graph instead of a scan: the rows are lifted onto the
/// unit sphere, y ↦ (y / R, √(1 − ‖y‖² / R²)) with R the largest norm, where 1 − cosine is ‖yᵢ − yⱼ‖² / (2R²) plus
/// a term for the difference of the two norms; the graph (our own engine, int8 codes) proposes
/// <see cref="TSneOptions.NeighbourCandidates"/>·k candidates per row and they are re-scored exactly in double and the
/// k nearest kept (ties by row). The graph is built on one thread (the same graph for the same rows and seed); the
/// searches run in parallel but each only reads it, so the result does not depend on thread timing.
/// </summary>
internal static class ApproximateNeighbours
{
    /// <summary>Edges per node (M) and the insertion's candidate list (efConstruction): hnswlib's usual 16 and 128.</summary>
    private const int Connectivity = 16;
    private const int ExpansionAdd = 128;

    /// <summary>Row i's k nearest other rows, nearest first, and their squared distances.</summary>
    public static (int[][] Index, double[][] Distance2) Find(IReadOnlyList<double[]> rows, int k, TSneOptions options, Action<double>? progress, CancellationToken cancellationToken)
    {
        var n = rows.Count;
        var d = rows[0].Length;
        var radius = Math.Sqrt(rows.Max(Norm2));
        var lifted = new float[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i => lifted[i] = Lift(rows[i], radius));

        var fetch = Math.Min(n, (options.NeighbourCandidates * k) + 1); // + the row itself
        using var graph = new HnswGraph(d + 1, Connectivity, ExpansionAdd, fetch, options.Seed);
        const int Batch = 20_000;
        for (var start = 0; start < n; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Batch, n - start);
            var from = start;
            graph.Add([.. Enumerable.Range(from, count).Select(i => (long)i)], i => lifted[from + i], threads: 1);
            progress?.Invoke(0.5 * (start + count) / n);
        }

        var index = new int[n][];
        var distance2 = new double[n][];
        var done = 0;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => (new ulong[fetch], new float[fetch]), (i, _, buffers) =>
        {
            var (keys, scores) = buffers;
            var found = graph.Search(lifted[i], keys, scores);
            (index[i], distance2[i]) = Rescore(rows, i, keys.AsSpan(0, found), k);
            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                progress?.Invoke(0.5 + (0.5 * Volatile.Read(ref done) / n));
            }

            return buffers;
        }, _ => { });
        return (index, distance2);
    }

    /// <summary>The k candidates nearest row i by exact squared distance (ties by row), row i itself left out.</summary>
    private static (int[] Index, double[] Distance2) Rescore(IReadOnlyList<double[]> rows, int i, ReadOnlySpan<ulong> candidates, int k)
    {
        var scored = new List<(double D2, int Row)>(candidates.Length);
        foreach (var key in candidates)
        {
            var j = (int)key;
            if (j != i)
            {
                scored.Add((Distance2(rows[i], rows[j]), j));
            }
        }

        scored.Sort();
        var take = Math.Min(k, scored.Count);
        var index = new int[take];
        var d2 = new double[take];
        for (var m = 0; m < take; m++)
        {
            (d2[m], index[m]) = scored[m];
        }

        return (index, d2);
    }

    private static float[] Lift(double[] row, double radius)
    {
        var lifted = new float[row.Length + 1];
        var scale = radius > 0 ? 1 / radius : 0;
        for (var j = 0; j < row.Length; j++)
        {
            lifted[j] = (float)(row[j] * scale);
        }

        lifted[^1] = (float)Math.Sqrt(Math.Max(0, 1 - (Norm2(row) * scale * scale)));
        return lifted;
    }

    private static double Norm2(double[] row)
    {
        var sum = 0.0;
        foreach (var v in row)
        {
            sum += v * v;
        }

        return sum;
    }

    /// <summary>Squared Euclidean distance, summed in coordinate order.</summary>
    internal static double Distance2(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var t = a[j] - b[j];
            sum += t * t;
        }

        return sum;
    }
}
