using Timbre.Recommendation.Metric;

namespace Timbre.Recommendation.Projection;

/// <summary>
/// Principal component analysis of row vectors: the mean and the leading eigenvectors of the sample covariance
/// (divisor n − 1, as numpy's <c>np.cov</c>). Each component's sign is fixed so that its largest-magnitude entry is
/// positive, which makes the result unique and comparable with other implementations.
/// </summary>
public sealed class Pca
{
    private Pca(double[] mean, double[][] components, double[] variances)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = variances;
    }

    /// <summary>The mean of the fitted rows.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Unit principal axes, largest variance first (<c>Components[k]</c> has the input's dimension).</summary>
    public IReadOnlyList<double[]> Components { get; }

    /// <summary>The variance along each component (the covariance eigenvalues), descending.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Fits <paramref name="components"/> axes (clamped to the input's dimension) to ≥ 2 rows of one length.</summary>
    public static Pca Fit(IReadOnlyList<float[]> rows, int components)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
        {
            throw new ArgumentException($"PCA needs at least 2 rows, got {rows.Count}.", nameof(rows));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        var d = rows[0].Length;
        var mean = new double[d];
        foreach (var row in rows)
        {
            if (row.Length != d)
            {
                throw new ArgumentException($"Rows differ in length ({row.Length} vs {d}).", nameof(rows));
            }

            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= rows.Count;
        }

        var cov = Covariance(rows, mean);
        var (values, vectors) = SymmetricEigen.Decompose(cov, d);
        var k = Math.Min(components, d);
        var axes = new double[k][];
        var variances = new double[k];
        for (var c = 0; c < k; c++)
        {
            axes[c] = FixSign(vectors[c]);
            variances[c] = Math.Max(0, values[c]);
        }

        return new Pca(mean, axes, variances);
    }

    /// <summary>The coordinates of <paramref name="row"/> along the components.</summary>
    public double[] Transform(ReadOnlySpan<float> row)
    {
        var result = new double[Components.Count];
        for (var c = 0; c < result.Length; c++)
        {
            var axis = Components[c];
            var sum = 0.0;
            for (var j = 0; j < axis.Length; j++)
            {
                sum += (row[j] - Mean[j]) * axis[j];
            }

            result[c] = sum;
        }

        return result;
    }

    private static double[] Covariance(IReadOnlyList<float[]> rows, double[] mean)
    {
        var d = mean.Length;
        var cov = new double[d * d];
        var centred = new double[d];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                centred[j] = row[j] - mean[j];
            }

            for (var a = 0; a < d; a++)
            {
                var ca = centred[a];
                if (ca == 0)
                {
                    continue;
                }

                var offset = a * d;
                for (var b = a; b < d; b++)
                {
                    cov[offset + b] += ca * centred[b];
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                var v = cov[(a * d) + b] / (rows.Count - 1);
                cov[(a * d) + b] = v;
                cov[(b * d) + a] = v;
            }
        }

        return cov;
    }

    private static double[] FixSign(double[] axis)
    {
        var largest = 0;
        for (var j = 1; j < axis.Length; j++)
        {
            if (Math.Abs(axis[j]) > Math.Abs(axis[largest]))
            {
                largest = j;
            }
        }

        return axis[largest] >= 0 ? axis : [.. axis.Select(v => -v)];
    }
}
