namespace Timbre.Recommendation.Collaborative;

/// <summary>In-place Cholesky solve of a small symmetric positive-definite system.</summary>
internal static class Cholesky
{
    /// <summary>Solves A x = b for row-major n×n SPD <paramref name="a"/> (overwritten); result in <paramref name="b"/>.</summary>
    public static void Solve(double[] a, double[] b, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var d = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[(j * n) + k] * a[(j * n) + k];
            }

            d = Math.Sqrt(Math.Max(d, 1e-12));
            a[(j * n) + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / d;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= a[(i * n) + k] * b[k];
            }

            b[i] = s / a[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= a[(k * n) + i] * b[k];
            }

            b[i] = s / a[(i * n) + i];
        }
    }
}
