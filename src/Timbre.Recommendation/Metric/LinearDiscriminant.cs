namespace Timbre.Recommendation.Metric;

/// <summary>What <see cref="LinearDiscriminant.Fit"/> found.</summary>
/// <param name="Directions">Discriminant directions (rows, d values each), best first; each has vᵀ S v = 1.</param>
/// <param name="Ratios">Between- over within-class variance along each direction (the generalised eigenvalues).</param>
/// <param name="Shrinkage">The shrinkage α used (given, or the Ledoit–Wolf estimate).</param>
internal sealed record DiscriminantResult(double[][] Directions, double[] Ratios, double Shrinkage);

/// <summary>
/// Fisher's linear discriminant analysis with a shrunk within-class covariance S = (1 − α)·Sw + α·(tr Sw / d)·I:
/// the directions v maximising vᵀ Sb v / vᵀ S v. Sb has rank ≤ C − 1, so with Sb = B Bᵀ (B: d×C, columns
/// √(n_c/n)(μ_c − μ)) and S = L Lᵀ the problem reduces to the C×C matrix GᵀG with G = L⁻¹B: cheap for many dims.
/// </summary>
internal static class LinearDiscriminant
{
    /// <summary>Fits on rows <paramref name="x"/> with class labels 0 … C − 1.</summary>
    public static DiscriminantResult Fit(double[][] x, int[] labels, double? shrinkage, int maxDirections)
    {
        var n = x.Length;
        var d = x[0].Length;
        var classes = labels.Max() + 1;
        var counts = new int[classes];
        var means = new double[classes][];
        for (var c = 0; c < classes; c++)
        {
            means[c] = new double[d];
        }

        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (var j = 0; j < d; j++)
            {
                means[labels[i]][j] += x[i][j];
                mean[j] += x[i][j] / n;
            }
        }

        for (var c = 0; c < classes; c++)
        {
            for (var j = 0; j < d; j++)
            {
                means[c][j] /= counts[c];
            }
        }

        var centred = new double[n][];
        for (var i = 0; i < n; i++)
        {
            centred[i] = [.. x[i].Select((v, j) => v - means[labels[i]][j])];
        }

        var s = Covariance(centred, d);
        var alpha = shrinkage ?? LedoitWolf(centred, s, d);
        var trace = 0.0;
        for (var j = 0; j < d; j++)
        {
            trace += s[(j * d) + j];
        }

        var target = Math.Max(trace / d, 1e-12);
        for (var k = 0; k < d * d; k++)
        {
            s[k] *= 1 - alpha;
        }

        for (var j = 0; j < d; j++)
        {
            s[(j * d) + j] += (alpha * target) + (1e-9 * target);
        }

        CholeskyInPlace(s, d);
        var g = new double[classes][];
        for (var c = 0; c < classes; c++)
        {
            var w = Math.Sqrt((double)counts[c] / n);
            g[c] = ForwardSolve(s, d, [.. means[c].Select((v, j) => w * (v - mean[j]))]);
        }

        var k2 = new double[classes * classes];
        for (var a = 0; a < classes; a++)
        {
            for (var b = 0; b < classes; b++)
            {
                k2[(a * classes) + b] = Dot(g[a], g[b]);
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(k2, classes);
        var keep = Math.Min(maxDirections, classes - 1);
        var directions = new List<double[]>();
        var ratios = new List<double>();
        for (var e = 0; e < keep && values[e] > 1e-10 * Math.Max(values[0], 1e-300); e++)
        {
            var u = new double[d];
            for (var c = 0; c < classes; c++)
            {
                for (var j = 0; j < d; j++)
                {
                    u[j] += vectors[e][c] * g[c][j];
                }
            }

            var norm = Math.Sqrt(values[e]);
            for (var j = 0; j < d; j++)
            {
                u[j] /= norm;
            }

            var v = BackSolve(s, d, u);
            var largest = v.MaxBy(Math.Abs);
            directions.Add(largest < 0 ? [.. v.Select(t => -t)] : v);
            ratios.Add(values[e]);
        }

        return new DiscriminantResult([.. directions], [.. ratios], alpha);
    }

    /// <summary>
    /// Within-class whitening (WCCN, Hatch et al. 2006): W = S^(−1/2) with S the shrunk within-class covariance, so
    /// directions along which tracks of one group vary (nuisance: level, mix, one track's mood) count less and
    /// directions that are steady within a group count more. Learns no group identity, only what varies inside groups.
    /// </summary>
    public static (double[][] Weights, double Shrinkage) WithinClassWhitening(double[][] x, int[] labels, double? shrinkage)
    {
        var d = x[0].Length;
        var classes = labels.Max() + 1;
        var means = new double[classes][];
        var counts = new int[classes];
        for (var c = 0; c < classes; c++)
        {
            means[c] = new double[d];
        }

        for (var i = 0; i < x.Length; i++)
        {
            counts[labels[i]]++;
            for (var j = 0; j < d; j++)
            {
                means[labels[i]][j] += x[i][j];
            }
        }

        var centred = new double[x.Length][];
        for (var i = 0; i < x.Length; i++)
        {
            centred[i] = [.. x[i].Select((v, j) => v - (means[labels[i]][j] / counts[labels[i]]))];
        }

        var s = Covariance(centred, d);
        var alpha = shrinkage ?? LedoitWolf(centred, s, d);
        var target = 0.0;
        for (var j = 0; j < d; j++)
        {
            target += s[(j * d) + j] / d;
        }

        target = Math.Max(target, 1e-12);
        for (var k = 0; k < d * d; k++)
        {
            s[k] *= 1 - alpha;
        }

        for (var j = 0; j < d; j++)
        {
            s[(j * d) + j] += (alpha * target) + (1e-9 * target);
        }

        var (values, vectors) = SymmetricEigen.Decompose(s, d);
        var w = new double[d][];
        for (var a = 0; a < d; a++)
        {
            w[a] = new double[d];
        }

        for (var e = 0; e < d; e++)
        {
            var inv = 1 / Math.Sqrt(Math.Max(values[e], 1e-12 * target));
            var v = vectors[e];
            for (var a = 0; a < d; a++)
            {
                var va = v[a] * inv;
                for (var b = 0; b < d; b++)
                {
                    w[a][b] += va * v[b];
                }
            }
        }

        return (w, alpha);
    }

    /// <summary>(1/n) Σ xᵢ xᵢᵀ of already-centred rows, row-major d×d.</summary>
    private static double[] Covariance(double[][] rows, int d)
    {
        var s = new double[d * d];
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
                    s[(a * d) + b] += ra * r[b];
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                s[(a * d) + b] /= rows.Length;
                s[(b * d) + a] = s[(a * d) + b];
            }
        }

        return s;
    }

    /// <summary>Ledoit–Wolf (2004) shrinkage intensity towards (tr S / d)·I for the centred rows with covariance S.</summary>
    private static double LedoitWolf(double[][] rows, double[] s, int d)
    {
        var n = rows.Length;
        var mu = 0.0;
        for (var j = 0; j < d; j++)
        {
            mu += s[(j * d) + j] / d;
        }

        var sNorm2 = s.Sum(v => v * v);
        var delta2 = sNorm2 - (2 * mu * mu * d) + (mu * mu * d);
        if (delta2 <= 1e-300)
        {
            return 1;
        }

        var beta2 = 0.0;
        var sx = new double[d];
        foreach (var r in rows)
        {
            var norm2 = Dot(r, r);
            for (var a = 0; a < d; a++)
            {
                var sum = 0.0;
                for (var b = 0; b < d; b++)
                {
                    sum += s[(a * d) + b] * r[b];
                }

                sx[a] = sum;
            }

            beta2 += (norm2 * norm2) - (2 * Dot(r, sx)) + sNorm2;
        }

        beta2 /= (double)n * n;
        return Math.Clamp(Math.Min(beta2, delta2) / delta2, 0, 1);
    }

    /// <summary>Overwrites the lower triangle of SPD <paramref name="a"/> with L, A = L Lᵀ.</summary>
    private static void CholeskyInPlace(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var diag = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                diag -= a[(j * n) + k] * a[(j * n) + k];
            }

            diag = Math.Sqrt(Math.Max(diag, 1e-300));
            a[(j * n) + j] = diag;
            for (var i = j + 1; i < n; i++)
            {
                var sum = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = sum / diag;
            }
        }
    }

    /// <summary>L⁻¹ b.</summary>
    private static double[] ForwardSolve(double[] l, int n, double[] b)
    {
        var y = (double[])b.Clone();
        for (var i = 0; i < n; i++)
        {
            var sum = y[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * n) + k] * y[k];
            }

            y[i] = sum / l[(i * n) + i];
        }

        return y;
    }

    /// <summary>L⁻ᵀ b.</summary>
    private static double[] BackSolve(double[] l, int n, double[] b)
    {
        var y = (double[])b.Clone();
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * y[k];
            }

            y[i] = sum / l[(i * n) + i];
        }

        return y;
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
