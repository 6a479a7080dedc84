using System.Numerics.Tensors;

namespace Timbre.Recommendation.Projection;

/// <summary>
/// t-distributed stochastic neighbour embedding into 2-D. Affinities are computed on each point's 3·perplexity nearest
/// neighbours (exact search; from <see cref="TSneOptions.ApproximateFrom"/> points an HNSW graph's, re-scored exactly)
/// with a per-point Gaussian fitted to the perplexity, then symmetrised; the layout starts from a seeded Gaussian
/// (σ = 1e-4; from <see cref="TSneOptions.ApproximateFrom"/> the first two coordinates) and follows gradient descent
/// with momentum and per-coordinate gains. Repulsion is summed exactly up to <see cref="TSneOptions.ExactUpTo"/>
/// points, above that by a Barnes–Hut quadtree. Memory is arrays of n (the affinities ≈ 12 B per entry, ≈ 1.3–2 × 3·
/// perplexity entries per point). Deterministic for a given input, options and seed (the graph is built on one thread;
/// parallel loops write per-point results that are summed in order).
/// </summary>
public static class TSne
{
    /// <summary>
    /// The 2-D layout of <paramref name="rows"/> (all of one length): result[i] = (x, y). <paramref name="progress"/>
    /// gets the fraction done (0–1) now and then.
    /// </summary>
    public static double[][] Embed(IReadOnlyList<double[]> rows, TSneOptions? options = null, Action<double>? progress = null, CancellationToken cancellationToken = default)
        => Embed(rows, options, progress, null, cancellationToken);

    /// <summary><see cref="Embed(IReadOnlyList{double[]}, TSneOptions?, Action{double}?, CancellationToken)"/>, showing <paramref name="neighboursFound"/> each row's neighbours (nearest first) before they are used.</summary>
    internal static double[][] Embed(IReadOnlyList<double[]> rows, TSneOptions? options, Action<double>? progress, Action<int[][]>? neighboursFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options = (options ?? new TSneOptions()).Validate();
        var n = rows.Count;
        if (n > 0 && rows.Any(r => r is null || r.Length != rows[0].Length || !r.All(double.IsFinite)))
        {
            throw new ArgumentException("t-SNE needs finite rows of one length.", nameof(rows));
        }

        var large = n >= options.ApproximateFrom;
        var random = new Random(options.Seed);
        var x = new double[n];
        var y = new double[n];
        if (large)
        {
            StartFromFirstColumns(rows, random, x, y);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                x[i] = 1e-4 * Gaussian(random);
                y[i] = 1e-4 * Gaussian(random);
            }
        }

        if (n >= 4)
        {
            var perplexity = Math.Min(options.Perplexity, (n - 1) / 3.0);
            var affinities = Affinities(rows, perplexity, options, large, f => progress?.Invoke(0.1 * f), neighboursFound, cancellationToken);
            progress?.Invoke(0.1);
            Descend(affinities, x, y, options, large, progress, cancellationToken);
        }

        progress?.Invoke(1);
        return [.. Enumerable.Range(0, n).Select(i => new[] { x[i], y[i] })];
    }

    /// <summary>
    /// The large-n start (openTSNE's default, Kobak and Berens 2019): the rows' first two coordinates (PCA's, from
    /// <see cref="LibraryProjection"/>), scaled so the first has σ = 1e-4, plus seeded offsets of σ = 1e-6.
    /// </summary>
    private static void StartFromFirstColumns(IReadOnlyList<double[]> rows, Random random, double[] x, double[] y)
    {
        var n = rows.Count;
        double mean = 0, mean2 = 0;
        for (var i = 0; i < n; i++)
        {
            mean += rows[i][0];
            mean2 += rows[i].Length > 1 ? rows[i][1] : 0;
        }

        mean /= n;
        mean2 /= n;
        var variance = 0.0;
        for (var i = 0; i < n; i++)
        {
            variance += (rows[i][0] - mean) * (rows[i][0] - mean);
        }

        var sd = Math.Sqrt(variance / n);
        var scale = sd > 0 ? 1e-4 / sd : 0;
        for (var i = 0; i < n; i++)
        {
            x[i] = (scale * (rows[i][0] - mean)) + (1e-6 * Gaussian(random));
            y[i] = (scale * ((rows[i].Length > 1 ? rows[i][1] : 0) - mean2)) + (1e-6 * Gaussian(random));
        }
    }

    /// <summary>
    /// Symmetric sparse affinities P (rows sum to the point's share; all entries sum to 1); neighbours by exact search,
    /// or by <see cref="ApproximateNeighbours"/> when <paramref name="approximate"/>.
    /// </summary>
    internal static SparseRows Affinities(IReadOnlyList<double[]> rows, double perplexity, TSneOptions options, bool approximate, Action<double>? progress, Action<int[][]>? neighboursFound, CancellationToken cancellationToken)
    {
        var n = rows.Count;
        var k = Math.Min(n - 1, (int)(3 * perplexity) + 1);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        int[][] neighbours;
        var conditional = new double[n][];
        if (approximate)
        {
            (neighbours, var d2) = ApproximateNeighbours.Find(rows, k, options, progress, cancellationToken);
            Parallel.For(0, n, parallel, i =>
            {
                conditional[i] = FitRow(d2[i], perplexity);
                d2[i] = null!; // freed as we go
            });
        }
        else
        {
            neighbours = new int[n][];
            Parallel.For(0, n, parallel, i =>
            {
                var (idx, d2) = Nearest(rows, i, k);
                neighbours[i] = idx;
                conditional[i] = FitRow(d2, perplexity);
            });
        }

        neighboursFound?.Invoke(neighbours);
        return Symmetrise(neighbours, conditional, parallel);
    }

    /// <summary>
    /// P = (P(j|i) + P(i|j)) / 2n in rows of ascending columns. An entry has at most two terms (one per direction),
    /// so the sums do not depend on the order they are made in. Arrays of n rows, no dictionaries: ≈ 12 B per entry.
    /// </summary>
    private static SparseRows Symmetrise(int[][] neighbours, double[][] conditional, ParallelOptions parallel)
    {
        var n = neighbours.Length;
        var reverseCount = new int[n];
        foreach (var row in neighbours)
        {
            foreach (var j in row)
            {
                reverseCount[j]++;
            }
        }

        var reverseFrom = new int[n][];
        var reverseValue = new double[n][];
        for (var j = 0; j < n; j++)
        {
            reverseFrom[j] = new int[reverseCount[j]];
            reverseValue[j] = new double[reverseCount[j]];
            reverseCount[j] = 0;
        }

        for (var i = 0; i < n; i++)
        {
            for (var m = 0; m < neighbours[i].Length; m++)
            {
                var j = neighbours[i][m];
                var slot = reverseCount[j]++;
                reverseFrom[j][slot] = i;
                reverseValue[j][slot] = conditional[i][m] / (2.0 * n);
            }
        }

        var columns = new int[n][];
        var values = new double[n][];
        Parallel.For(0, n, parallel, i =>
        {
            var own = neighbours[i];
            var size = own.Length + reverseFrom[i].Length;
            var cols = new int[size];
            var vals = new double[size];
            for (var m = 0; m < own.Length; m++)
            {
                cols[m] = own[m];
                vals[m] = conditional[i][m] / (2.0 * n);
            }

            reverseFrom[i].CopyTo(cols, own.Length);
            reverseValue[i].CopyTo(vals, own.Length);
            Array.Sort(cols, vals);
            var used = 0;
            for (var m = 0; m < size; m++)
            {
                if (used > 0 && cols[used - 1] == cols[m])
                {
                    vals[used - 1] += vals[m];
                }
                else
                {
                    cols[used] = cols[m];
                    vals[used] = vals[m];
                    used++;
                }
            }

            columns[i] = used == size ? cols : cols[..used];
            values[i] = used == size ? vals : vals[..used];
            reverseFrom[i] = null!;
            reverseValue[i] = null!;
            neighbours[i] = null!;
            conditional[i] = null!;
        });
        return new SparseRows(columns, values);
    }

    /// <summary>Row i's k nearest other rows by exact search (one pass), nearest first.</summary>
    internal static (int[] Index, double[] Distance2) Nearest(IReadOnlyList<double[]> rows, int i, int k)
    {
        var heap = new PriorityQueue<int, double>(k + 1, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        var row = rows[i];
        for (var j = 0; j < rows.Count; j++)
        {
            if (j == i)
            {
                continue;
            }

            var d = TensorPrimitives.Distance<double>(row, rows[j]);
            var d2 = d * d;
            if (heap.Count < k)
            {
                heap.Enqueue(j, d2);
            }
            else if (heap.TryPeek(out _, out var worst) && d2 < worst)
            {
                heap.EnqueueDequeue(j, d2);
            }
        }

        var index = new int[heap.Count];
        var dist = new double[heap.Count];
        for (var m = index.Length - 1; m >= 0; m--)
        {
            heap.TryDequeue(out index[m], out dist[m]);
        }

        return (index, dist);
    }

    /// <summary>p(j | i) over the neighbours: the Gaussian whose entropy is log(perplexity) (bisection on its precision).</summary>
    private static double[] FitRow(double[] d2, double perplexity)
    {
        var target = Math.Log(perplexity);
        var p = new double[d2.Length];
        var min = d2.Length == 0 ? 0 : d2.Min();
        double beta = 1, lo = 0, hi = double.PositiveInfinity;
        for (var step = 0; step < 100; step++)
        {
            var sum = 0.0;
            var weighted = 0.0;
            for (var m = 0; m < d2.Length; m++)
            {
                p[m] = Math.Exp(-beta * (d2[m] - min));
                sum += p[m];
                weighted += p[m] * (d2[m] - min);
            }

            var entropy = Math.Log(sum) + (beta * weighted / sum);
            for (var m = 0; m < d2.Length; m++)
            {
                p[m] /= sum;
            }

            var gap = entropy - target;
            if (Math.Abs(gap) < 1e-5)
            {
                break;
            }

            if (gap > 0)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }

        return p;
    }

    /// <summary>
    /// The gradient descent. In a <paramref name="large"/> layout the points are visited (tree built, forces summed)
    /// in Z-order, each iteration's own, so the quadtree's cells stay in cache; every point's force is still written to
    /// its own slot, so the result does not depend on the order threads take them.
    /// </summary>
    private static void Descend(SparseRows p, double[] x, double[] y, TSneOptions options, bool large, Action<double>? progress, CancellationToken cancellationToken)
    {
        var iterations = large ? options.LargeIterations : options.Iterations;
        var n = x.Length;
        var rate = options.LearningRate > 0 ? options.LearningRate : Math.Max(n / options.EarlyExaggeration / 4, 50);
        var gx = new double[n];
        var gy = new double[n];
        var rx = new double[n];
        var ry = new double[n];
        var vx = new double[n];
        var vy = new double[n];
        var gainX = Enumerable.Repeat(1.0, n).ToArray();
        var gainY = Enumerable.Repeat(1.0, n).ToArray();
        var zShare = new double[n];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        QuadTree? tree = null;
        var order = large ? new int[n] : null;
        var keys = large ? new ulong[n] : null;
        for (var it = 0; it < iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var exaggeration = it < options.ExaggerationIterations ? options.EarlyExaggeration : 1;
            var momentum = it < options.ExaggerationIterations ? 0.5 : 0.8;
            if (order is not null)
            {
                QuadTree.ZOrder(x, y, order, keys!);
            }

            tree = n > options.ExactUpTo ? new QuadTree(x, y, tree, order) : null;
            Parallel.For(0, n, parallel, t =>
            {
                var i = order is null ? t : order[t];
                double fx = 0, fy = 0;
                zShare[i] = tree is null ? ExactRepulsion(x, y, i, ref fx, ref fy) : tree.Repulsion(i, options.Theta, ref fx, ref fy);
                double ax = 0, ay = 0;
                var cols = p.Columns[i];
                var vals = p.Values[i];
                for (var m = 0; m < cols.Length; m++)
                {
                    var j = cols[m];
                    var dx = x[i] - x[j];
                    var dy = y[i] - y[j];
                    var w = vals[m] / (1 + (dx * dx) + (dy * dy));
                    ax += w * dx;
                    ay += w * dy;
                }

                gx[i] = exaggeration * ax;
                gy[i] = exaggeration * ay;
                rx[i] = fx;
                ry[i] = fy;
            });
            var z = Math.Max(zShare.Sum(), double.Epsilon);
            for (var i = 0; i < n; i++)
            {
                Step(ref x[i], ref vx[i], ref gainX[i], 4 * (gx[i] - (rx[i] / z)), momentum, rate);
                Step(ref y[i], ref vy[i], ref gainY[i], 4 * (gy[i] - (ry[i] / z)), momentum, rate);
            }

            if (it % 25 == 0)
            {
                progress?.Invoke(0.1 + (0.9 * it / iterations));
            }
        }
    }

    /// <summary>One coordinate's step: gains grow where the gradient turned against the velocity (delta-bar-delta).</summary>
    private static void Step(ref double position, ref double velocity, ref double gain, double gradient, double momentum, double rate)
    {
        gain = velocity * gradient < 0 ? gain + 0.2 : gain * 0.8;
        gain = Math.Max(0.01, gain);
        velocity = (momentum * velocity) - (rate * gain * gradient);
        position += velocity;
    }

    private static double ExactRepulsion(double[] x, double[] y, int i, ref double fx, ref double fy)
    {
        var z = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            if (j == i)
            {
                continue;
            }

            var dx = x[i] - x[j];
            var dy = y[i] - y[j];
            var w = 1 / (1 + (dx * dx) + (dy * dy));
            z += w;
            fx += w * w * dx;
            fy += w * w * dy;
        }

        return z;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Rows of a sparse symmetric matrix: column indices (ascending) and values per row.</summary>
    internal sealed record SparseRows(int[][] Columns, double[][] Values);
}
