using Timbre.Recommendation.Metric;

namespace Timbre.Recommendation.Tests.Metric;

public class SymmetricEigenTests
{
    [Fact]
    public void TheSecondDifferenceMatrixHasItsAnalyticEigenpairs()
    {
        // tridiag(−1, 2, −1) of order n: λ_k = 2 − 2 cos(kπ/(n+1)), v_k(j) ∝ sin(jkπ/(n+1)), k, j = 1 … n.
        const int n = 60;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = 2;
            if (i > 0)
            {
                a[(i * n) + i - 1] = a[((i - 1) * n) + i] = -1;
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(a, n);

        for (var r = 0; r < n; r++)
        {
            var k = n - r; // descending
            Assert.Equal(2 - (2 * Math.Cos(k * Math.PI / (n + 1))), values[r], 1e-12);
            var expected = Enumerable.Range(1, n).Select(j => Math.Sin(j * k * Math.PI / (n + 1))).ToArray();
            var norm = Math.Sqrt(expected.Sum(x => x * x));
            var sign = Math.Sign(Dot(expected, vectors[r]));
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(expected[j] / norm, sign * vectors[r][j], 1e-10);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(7, 3)]
    [InlineData(120, 4)]
    public void ARandomSymmetricMatrixIsDiagonalisedByAnOrthonormalBasis(int n, int seed)
    {
        var a = RandomSymmetric(n, seed);

        var (values, vectors) = SymmetricEigen.Decompose(a, n);

        AssertDecomposes(a, n, values, vectors, 1e-9);
    }

    [Fact]
    public void ALowRankMatrixWithRepeatedZeroEigenvaluesIsDecomposed()
    {
        // B Bᵀ with B 40×3: three positive eigenvalues, 37 zeros (a repeated eigenvalue the basis must still span).
        const int n = 40;
        var random = new Random(9);
        var b = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 3).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[(i * n) + j] = Dot(b[i], b[j]);
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(a, n);

        AssertDecomposes(a, n, values, vectors, 1e-10);
        Assert.All(values.Take(3), v => Assert.True(v > 1e-3));
        Assert.All(values.Skip(3), v => Assert.Equal(0, v, 1e-12));
    }

    [Fact]
    public void DiagonalAndZeroMatricesKeepTheirValues()
    {
        var diagonal = new double[] { 1, 0, 0, 0, 5, 0, 0, 0, 3 };
        var (values, vectors) = SymmetricEigen.Decompose(diagonal, 3);
        Assert.Equal([5.0, 3.0, 1.0], values);
        AssertDecomposes(diagonal, 3, values, vectors, 1e-14);

        var (zeros, basis) = SymmetricEigen.Decompose(new double[16], 4);
        Assert.All(zeros, v => Assert.Equal(0.0, v));
        AssertDecomposes(new double[16], 4, zeros, basis, 1e-14);
    }

    [Fact]
    public void AMatrixOfTheWrongSizeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[5], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigen.Decompose([], 0));
    }

    private static void AssertDecomposes(double[] a, int n, double[] values, double[][] vectors, double tolerance)
    {
        Assert.Equal(n, values.Length);
        Assert.Equal(n, vectors.Length);
        for (var r = 1; r < n; r++)
        {
            Assert.True(values[r - 1] >= values[r], "eigenvalues descend");
        }

        var scale = Math.Max(1, values.Max(Math.Abs));
        for (var r = 0; r < n; r++)
        {
            for (var s = 0; s < n; s++)
            {
                Assert.Equal(r == s ? 1 : 0, Dot(vectors[r], vectors[s]), tolerance);
            }

            for (var i = 0; i < n; i++)
            {
                var av = 0.0;
                for (var j = 0; j < n; j++)
                {
                    av += a[(i * n) + j] * vectors[r][j];
                }

                Assert.Equal(values[r] * vectors[r][i], av, tolerance * scale);
            }
        }
    }

    private static double[] RandomSymmetric(int n, int seed)
    {
        var random = new Random(seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                a[(i * n) + j] = a[(j * n) + i] = (random.NextDouble() * 2) - 1;
            }
        }

        return a;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
