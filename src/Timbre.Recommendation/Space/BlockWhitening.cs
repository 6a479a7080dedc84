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

    /// <summary>Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.</summary>
    public static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                scale += a[i, j] * a[i, j];
            }
        }

        for (var sweep = 0; sweep < 60; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off <= 1e-22 * scale || off == 0)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }

        return (values, v);
    }
}
