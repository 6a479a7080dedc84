namespace Timbre.Recommendation.Space;

/// <summary>
/// PCA whitening of one block on plain arrays: the covariance of the (standardised) rows, its eigen-decomposition
/// by cyclic Jacobi rotations, and a projection onto the leading components that keep a share of the variance, each
/// divided by √(λ + ε·λ_max) so the components have about unit variance. At most n − 1 components are kept.
/// </summary>
public static class BlockWhitening
{
    /// <summary>
    /// Row-major projection (components × d) for <paramref name="rows"/> (n × d, already centred on their mean).
    /// </summary>
    public static (float[] Projection, int Components) Fit(IReadOnlyList<double[]> rows, double varianceShare, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
        {
            throw new ArgumentException("Whitening needs at least two rows.", nameof(rows));
        }

        var d = rows[0].Length;
        var covariance = new double[d, d];
        foreach (var r in rows)
        {
            for (var a = 0; a < d; a++)
            {
                var ra = r[a];
                if (ra == 0)
                {
                    continue;
                }

                for (var b = a; b < d; b++)
                {
                    covariance[a, b] += ra * r[b];
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                covariance[a, b] /= rows.Count - 1;
                covariance[b, a] = covariance[a, b];
            }
        }

        var (values, vectors) = SymmetricEigen(covariance);
        var order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).ToArray();
        var total = values.Where(v => v > 0).Sum();
        var largest = Math.Max(values[order[0]], 0);
        if (total <= 0)
        {
            return ([], 0);
        }

        var kept = 0;
        var cumulative = 0.0;
        while (kept < Math.Min(d, rows.Count - 1) && values[order[kept]] > 0 && cumulative < varianceShare * total)
        {
            cumulative += values[order[kept]];
            kept++;
        }

        var projection = new float[kept * d];
        for (var k = 0; k < kept; k++)
        {
            var column = order[k];
            var gain = 1 / Math.Sqrt(values[column] + (epsilon * largest));
            for (var a = 0; a < d; a++)
            {
                projection[(k * d) + a] = (float)(vectors[a, column] * gain);
            }
        }

        return (projection, kept);
    }

    /// <summary>
    /// Eigenvalues (descending) and eigenvectors (columns, same order) of a symmetric matrix: the cyclic Jacobi solver
    /// the metric learner uses (<see cref="Metric.SymmetricEigen"/>), in 2-D array form.
    /// </summary>
    public static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        var flat = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                flat[(i * n) + j] = matrix[i, j];
            }
        }

        var (values, rows) = Metric.SymmetricEigen.Decompose(flat, n);
        var vectors = new double[n, n];
        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < n; i++)
            {
                vectors[i, k] = rows[k][i];
            }
        }

        return (values, vectors);
    }
}
