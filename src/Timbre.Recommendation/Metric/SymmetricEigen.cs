namespace Timbre.Recommendation.Metric;

/// <summary>Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations.</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues (descending) and unit eigenvectors (<c>Vectors[k]</c> belongs to <c>Values[k]</c>) of the
    /// symmetric n×n row-major matrix <paramref name="a"/> (not modified).
    /// </summary>
    public static (double[] Values, double[][] Vectors) Decompose(double[] a, int n)
    {
        var m = (double[])a.Clone();
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        var scale = 0.0;
        for (var i = 0; i < n * n; i++)
        {
            scale += m[i] * m[i];
        }

        var tolerance = 1e-22 * Math.Max(scale, 1e-300);
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += m[(p * n) + q] * m[(p * n) + q];
                }
            }

            if (off <= tolerance)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    Rotate(m, v, n, p, q);
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => m[(i * n) + i]).ToArray();
        var values = order.Select(i => m[(i * n) + i]).ToArray();
        var vectors = order.Select(k => Enumerable.Range(0, n).Select(r => v[(r * n) + k]).ToArray()).ToArray();
        return (values, vectors);
    }

    private static void Rotate(double[] m, double[] v, int n, int p, int q)
    {
        var apq = m[(p * n) + q];
        if (Math.Abs(apq) < 1e-300)
        {
            return;
        }

        var theta = (m[(q * n) + q] - m[(p * n) + p]) / (2 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        if (theta == 0)
        {
            t = 1;
        }

        var c = 1 / Math.Sqrt((t * t) + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            // Columns p and q.
            var mkp = m[(k * n) + p];
            var mkq = m[(k * n) + q];
            m[(k * n) + p] = (c * mkp) - (s * mkq);
            m[(k * n) + q] = (s * mkp) + (c * mkq);
        }

        for (var k = 0; k < n; k++)
        {
            // Rows p and q.
            var mpk = m[(p * n) + k];
            var mqk = m[(q * n) + k];
            m[(p * n) + k] = (c * mpk) - (s * mqk);
            m[(q * n) + k] = (s * mpk) + (c * mqk);
        }

        for (var k = 0; k < n; k++)
        {
            var vkp = v[(k * n) + p];
            var vkq = v[(k * n) + q];
            v[(k * n) + p] = (c * vkp) - (s * vkq);
            v[(k * n) + q] = (s * vkp) + (c * vkq);
        }
    }
}
