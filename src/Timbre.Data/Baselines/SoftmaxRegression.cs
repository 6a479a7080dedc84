namespace Timbre.Data.Baselines;

/// <summary>
/// Multinomial logistic regression on z-scored features (scaler fitted on the training rows): softmax(W·z + b),
/// trained by full-batch Nesterov-accelerated gradient descent on mean cross-entropy + λ/2·‖W‖². Deterministic.
/// </summary>
public sealed class SoftmaxRegression
{
    private readonly Standardizer _scaler;
    private readonly double[] _weights; // classCount × (d + 1), last column the bias

    private SoftmaxRegression(Standardizer scaler, double[] weights, int classCount, double loss, int iterations)
    {
        _scaler = scaler;
        _weights = weights;
        ClassCount = classCount;
        FinalLoss = loss;
        Iterations = iterations;
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Regularised training loss at the end.</summary>
    public double FinalLoss { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Fits on <paramref name="rows"/> with labels 0 … <paramref name="classCount"/> − 1.</summary>
    public static SoftmaxRegression Fit(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, int classCount, SoftmaxRegressionOptions? options = null)
    {
        options = (options ?? new SoftmaxRegressionOptions()).Validate();
        Baseline.CheckTrainingSet(rows, labels, classCount);
        Standardizer scaler = Standardizer.Fit(rows);
        int n = rows.Count, d = rows[0].Length, w = d + 1, k = classCount;
        var x = new double[n * w];
        for (int i = 0; i < n; i++)
        {
            scaler.Transform(rows[i]).CopyTo(x.AsSpan(i * w, d));
            x[i * w + d] = 1;
        }

        double rate = options.LearningRate ?? 1.0 / (0.5 * LargestEigenvalue(x, n, w) + options.L2);
        var weights = new double[k * w];
        var previous = new double[k * w];
        var lookahead = new double[k * w];
        var gradient = new double[k * w];
        double loss = double.PositiveInfinity;
        int iteration = 0;
        for (; iteration < options.Iterations; iteration++)
        {
            for (int j = 0; j < weights.Length; j++)
            {
                lookahead[j] = weights[j] + options.Momentum * (weights[j] - previous[j]);
            }

            Array.Copy(weights, previous, weights.Length);
            double lookLoss = LossAndGradient(x, labels, n, w, k, lookahead, options.L2, gradient);
            for (int j = 0; j < weights.Length; j++)
            {
                weights[j] = lookahead[j] - rate * gradient[j];
            }

            if (Math.Abs(loss - lookLoss) < options.Tolerance)
            {
                loss = lookLoss;
                break;
            }

            loss = lookLoss;
        }

        return new SoftmaxRegression(scaler, weights, k, LossAndGradient(x, labels, n, w, k, weights, options.L2, gradient), iteration);
    }

    /// <summary>Class probabilities of <paramref name="row"/>.</summary>
    public double[] Probabilities(ReadOnlySpan<float> row)
    {
        double[] z = _scaler.Transform(row);
        int w = z.Length + 1;
        var logits = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            double s = _weights[c * w + w - 1];
            for (int j = 0; j < z.Length; j++)
            {
                s += _weights[c * w + j] * z[j];
            }

            logits[c] = s;
        }

        Softmax(logits);
        return logits;
    }

    /// <summary>The most probable class of <paramref name="row"/>.</summary>
    public int Predict(ReadOnlySpan<float> row)
    {
        double[] p = Probabilities(row);
        int best = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static double LossAndGradient(double[] x, IReadOnlyList<int> labels, int n, int w, int k, double[] weights, double l2, double[] gradient)
    {
        Array.Clear(gradient);
        var logits = new double[k];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = x.AsSpan(i * w, w);
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                ReadOnlySpan<double> wc = weights.AsSpan(c * w, w);
                for (int j = 0; j < w; j++)
                {
                    s += wc[j] * row[j];
                }

                logits[c] = s;
            }

            Softmax(logits);
            loss -= Math.Log(Math.Max(logits[labels[i]], 1e-300));
            for (int c = 0; c < k; c++)
            {
                double delta = (logits[c] - (c == labels[i] ? 1 : 0)) / n;
                Span<double> gc = gradient.AsSpan(c * w, w);
                for (int j = 0; j < w; j++)
                {
                    gc[j] += delta * row[j];
                }
            }
        }

        loss /= n;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < w - 1; j++)
            {
                double v = weights[c * w + j];
                loss += 0.5 * l2 * v * v;
                gradient[c * w + j] += l2 * v;
            }
        }

        return loss;
    }

    private static void Softmax(double[] logits)
    {
        double max = logits.Max();
        double sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            logits[c] = Math.Exp(logits[c] - max);
            sum += logits[c];
        }

        for (int c = 0; c < logits.Length; c++)
        {
            logits[c] /= sum;
        }
    }

    /// <summary>λmax of XᵀX/n by 50 power iterations (an upper-ish estimate, padded by 5 %).</summary>
    private static double LargestEigenvalue(double[] x, int n, int w)
    {
        var v = Enumerable.Repeat(1.0 / Math.Sqrt(w), w).ToArray();
        var next = new double[w];
        double lambda = 1;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            Array.Clear(next);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> row = x.AsSpan(i * w, w);
                double dot = 0;
                for (int j = 0; j < w; j++)
                {
                    dot += row[j] * v[j];
                }

                for (int j = 0; j < w; j++)
                {
                    next[j] += dot * row[j] / n;
                }
            }

            double norm = Math.Sqrt(next.Sum(e => e * e));
            if (!(norm > 0))
            {
                return 1;
            }

            lambda = norm;
            for (int j = 0; j < w; j++)
            {
                v[j] = next[j] / norm;
            }
        }

        return lambda * 1.05;
    }
}
