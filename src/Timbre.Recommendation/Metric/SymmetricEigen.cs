namespace Timbre.Recommendation.Metric;

/// <summary>
/// Eigen-decomposition of a dense symmetric matrix: Householder reduction to tridiagonal form, then the implicit QL
/// algorithm (tred2/tql2 of EISPACK as in JAMA), O(n³) with a small constant. The cyclic Jacobi rotations used
/// before need many sweeps of 1.5 n³ strided operations each: a fused space's 613-d within-album whitening, refitted
/// 15 times by the fold evaluation, took ≈ 9 min on the loaded VM, 91 % of it in those rotations (perf); now ≈ 40 s. Matrices are held as arrays of columns so that both
/// stages run along contiguous memory.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues (descending) and unit eigenvectors (<c>Vectors[k]</c> belongs to <c>Values[k]</c>) of the
    /// symmetric n×n row-major matrix <paramref name="a"/> (not modified).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> does not hold n×n values.</exception>
    public static (double[] Values, double[][] Vectors) Decompose(double[] a, int n)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (a.Length != n * n)
        {
            throw new ArgumentException($"Expected {n}×{n} values, got {a.Length}.", nameof(a));
        }

        // c[j] is column j of the working matrix, so the inner loops of both stages walk contiguous arrays.
        var c = new double[n][];
        for (var j = 0; j < n; j++)
        {
            c[j] = new double[n];
            for (var i = 0; i < n; i++)
            {
                c[j][i] = a[(i * n) + j];
            }
        }

        var d = new double[n];
        var e = new double[n];
        Tridiagonalise(c, d, e, n);
        DiagonaliseTridiagonal(c, d, e, n);
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ToArray();
        return ([.. order.Select(i => d[i])], [.. order.Select(i => c[i])]);
    }

    /// <summary>
    /// tred2 with c[j][k] standing for JAMA's V[k][j] (column-major): on return c holds the accumulated orthogonal
    /// transformation as columns, d the diagonal and e the subdiagonal (e[0] = 0).
    /// </summary>
    private static void Tridiagonalise(double[][] c, double[] d, double[] e, int n)
    {
        for (var j = 0; j < n; j++)
        {
            d[j] = c[j][n - 1];
        }

        for (var i = n - 1; i > 0; i--)
        {
            var scale = 0.0;
            var h = 0.0;
            for (var k = 0; k < i; k++)
            {
                scale += Math.Abs(d[k]);
            }

            if (scale == 0.0)
            {
                e[i] = d[i - 1];
                for (var j = 0; j < i; j++)
                {
                    d[j] = c[j][i - 1];
                    c[j][i] = 0.0;
                    c[i][j] = 0.0;
                }
            }
            else
            {
                for (var k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }

                var f = d[i - 1];
                var g = Math.Sqrt(h);
                if (f > 0)
                {
                    g = -g;
                }

                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                Array.Clear(e, 0, i);
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    c[i][j] = f;
                    var cj = c[j];
                    g = e[j] + (cj[j] * f);
                    for (var k = j + 1; k <= i - 1; k++)
                    {
                        g += cj[k] * d[k];
                        e[k] += cj[k] * f;
                    }

                    e[j] = g;
                }

                f = 0.0;
                for (var j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }

                var hh = f / (h + h);
                for (var j = 0; j < i; j++)
                {
                    e[j] -= hh * d[j];
                }

                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    var cj = c[j];
                    for (var k = j; k <= i - 1; k++)
                    {
                        cj[k] -= (f * e[k]) + (g * d[k]);
                    }

                    d[j] = cj[i - 1];
                    cj[i] = 0.0;
                }
            }

            d[i] = h;
        }

        // Accumulate the transformations.
        for (var i = 0; i < n - 1; i++)
        {
            c[i][n - 1] = c[i][i];
            c[i][i] = 1.0;
            var h = d[i + 1];
            var next = c[i + 1];
            if (h != 0.0)
            {
                for (var k = 0; k <= i; k++)
                {
                    d[k] = next[k] / h;
                }

                for (var j = 0; j <= i; j++)
                {
                    var cj = c[j];
                    var g = 0.0;
                    for (var k = 0; k <= i; k++)
                    {
                        g += next[k] * cj[k];
                    }

                    for (var k = 0; k <= i; k++)
                    {
                        cj[k] -= g * d[k];
                    }
                }
            }

            for (var k = 0; k <= i; k++)
            {
                next[k] = 0.0;
            }
        }

        for (var j = 0; j < n; j++)
        {
            d[j] = c[j][n - 1];
            c[j][n - 1] = 0.0;
        }

        c[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    /// <summary>
    /// tql2 on the tridiagonal (d, e) with r[k] = column k of the transformation (so each rotation combines two rows);
    /// on return d holds the eigenvalues and r[k] the eigenvector of d[k].
    /// </summary>
    private static void DiagonaliseTridiagonal(double[][] r, double[] d, double[] e, int n)
    {
        for (var i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }

        e[n - 1] = 0.0;
        var f = 0.0;
        var tst1 = 0.0;
        var eps = Math.Pow(2.0, -52.0);
        for (var l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            var m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1)
            {
                m++;
            }

            if (m > l)
            {
                for (var iteration = 0; Math.Abs(e[l]) > eps * tst1; iteration++)
                {
                    if (iteration == 100)
                    {
                        throw new ArithmeticException("The QL iteration did not converge (non-finite matrix values?).");
                    }

                    var g = d[l];
                    var p = (d[l + 1] - g) / (2.0 * e[l]);
                    var rr = double.Hypot(p, 1.0);
                    if (p < 0)
                    {
                        rr = -rr;
                    }

                    d[l] = e[l] / (p + rr);
                    d[l + 1] = e[l] * (p + rr);
                    var dl1 = d[l + 1];
                    var h = g - d[l];
                    for (var i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }

                    f += h;
                    p = d[m];
                    var c = 1.0;
                    var c2 = c;
                    var c3 = c;
                    var el1 = e[l + 1];
                    var s = 0.0;
                    var s2 = 0.0;
                    for (var i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        rr = double.Hypot(p, e[i]);
                        e[i + 1] = s * rr;
                        s = e[i] / rr;
                        c = p / rr;
                        p = (c * d[i]) - (s * g);
                        d[i + 1] = h + (s * ((c * g) + (s * d[i])));
                        Rotate(r[i], r[i + 1], c, s);
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
            }

            d[l] += f;
            e[l] = 0.0;
        }
    }

    /// <summary>(lo, hi) ← (c·lo − s·hi, s·lo + c·hi).</summary>
    private static void Rotate(double[] lo, double[] hi, double c, double s)
    {
        for (var k = 0; k < lo.Length; k++)
        {
            var h = hi[k];
            hi[k] = (s * lo[k]) + (c * h);
            lo[k] = (c * lo[k]) - (s * h);
        }
    }
}
