namespace Timbre.Recommendation.Metric;

/// <summary>
/// A linear map W (m×d) trained by minibatch SGD with momentum on cosine triplets: hinge
/// max(0, margin − cos(Wa, Wp) + cos(Wa, Wn)) plus λ‖W − W₀‖². W₀ holds the top-m principal directions of the
/// training rows, so training starts from (a truncation of) the unprojected cosine and moves away only where triplets
/// ask. Group triplets: every row with a group-mate is an anchor once per epoch, its positive a random group-mate, its
/// negative the most similar (under the previous epoch's map) of a few random rows of other groups. Preference
/// triplets: liked anchor, another liked positive, the most similar of a few of the user's dislikes as negative.
/// </summary>
internal static class TripletMetric
{
    /// <summary>Trains on standardised rows <paramref name="x"/>; returns W as m rows of d and the last epoch's mean loss.</summary>
    public static (double[][] Weights, double Loss) Fit(
        double[][] x, int[] labels, IReadOnlyList<PreferenceSet> preferences, int m, MetricLearningOptions options, Action<int, int>? progress = null)
    {
        var d = x[0].Length;
        var w = PrincipalDirections(x, m);
        var w0 = w.Select(r => (double[])r.Clone()).ToArray();
        var velocity = w.Select(r => new double[d]).ToArray();
        var gradient = w.Select(r => new double[d]).ToArray();
        var rng = new Random(options.Seed);
        var byLabel = Enumerable.Range(0, x.Length).GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var loss = 0.0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var z = x.Select(r => Unit(Multiply(w, r))).ToArray();
            var triplets = Sample(x.Length, labels, byLabel, preferences, z, options, rng);
            rng.Shuffle(triplets);
            var epochLoss = 0.0;
            for (var start = 0; start < triplets.Length; start += options.BatchSize)
            {
                foreach (var g in gradient)
                {
                    Array.Clear(g);
                }

                var end = Math.Min(start + options.BatchSize, triplets.Length);
                for (var t = start; t < end; t++)
                {
                    epochLoss += Accumulate(w, x, triplets[t], options.Margin, gradient);
                }

                Step(w, w0, velocity, gradient, end - start, options);
            }

            loss = triplets.Length == 0 ? 0 : epochLoss / triplets.Length;
            progress?.Invoke(epoch + 1, options.Epochs);
        }

        return (w, loss);
    }

    /// <summary>The top-<paramref name="m"/> eigenvectors of the covariance of <paramref name="x"/>, as rows.</summary>
    internal static double[][] PrincipalDirections(double[][] x, int m)
    {
        var d = x[0].Length;
        var mean = new double[d];
        foreach (var r in x)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += r[j] / x.Length;
            }
        }

        var cov = new double[d * d];
        foreach (var r in x)
        {
            for (var a = 0; a < d; a++)
            {
                var ra = r[a] - mean[a];
                for (var b = a; b < d; b++)
                {
                    cov[(a * d) + b] += ra * (r[b] - mean[b]);
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < a; b++)
            {
                cov[(a * d) + b] = cov[(b * d) + a];
            }
        }

        var (_, vectors) = SymmetricEigen.Decompose(cov, d);
        return [.. vectors.Take(m)];
    }

    private readonly record struct Triplet(int Anchor, int Positive, int Negative, double Weight);

    private static Triplet[] Sample(
        int n, int[] labels, Dictionary<int, int[]> byLabel, IReadOnlyList<PreferenceSet> preferences, double[][] z,
        MetricLearningOptions options, Random rng)
    {
        var triplets = new List<Triplet>(n);
        for (var a = 0; a < n; a++)
        {
            var mates = byLabel[labels[a]];
            if (mates.Length < 2 || mates.Length == n)
            {
                continue;
            }

            var p = mates[rng.Next(mates.Length - 1)];
            p = p == a ? mates[^1] : p;
            var negative = Hardest(z[a], options.NegativeCandidates, rng, () =>
            {
                int r;
                do
                {
                    r = rng.Next(n);
                }
                while (labels[r] == labels[a]);
                return r;
            }, z);
            triplets.Add(new Triplet(a, p, negative, 1));
        }

        foreach (var set in preferences)
        {
            if (set.Liked.Count < 2 || set.Disliked.Count == 0 || options.PreferenceWeight == 0)
            {
                continue;
            }

            foreach (var a in set.Liked)
            {
                var p = set.Liked[rng.Next(set.Liked.Count - 1)];
                p = p == a ? set.Liked[^1] : p;
                var negative = Hardest(z[a], options.NegativeCandidates, rng, () => set.Disliked[rng.Next(set.Disliked.Count)], z);
                triplets.Add(new Triplet(a, p, negative, options.PreferenceWeight));
            }
        }

        return [.. triplets];
    }

    private static int Hardest(double[] anchor, int candidates, Random rng, Func<int> draw, double[][] z)
    {
        var best = draw();
        var bestSim = Dot(anchor, z[best]);
        for (var c = 1; c < candidates; c++)
        {
            var r = draw();
            var sim = Dot(anchor, z[r]);
            if (sim > bestSim)
            {
                (best, bestSim) = (r, sim);
            }
        }

        return best;
    }

    /// <summary>Adds the triplet's loss gradient to <paramref name="gradient"/>; returns its loss.</summary>
    private static double Accumulate(double[][] w, double[][] x, Triplet t, double margin, double[][] gradient)
    {
        var za = Multiply(w, x[t.Anchor]);
        var zp = Multiply(w, x[t.Positive]);
        var zn = Multiply(w, x[t.Negative]);
        double na = Norm(za), np = Norm(zp), nn = Norm(zn);
        if (na < 1e-12 || np < 1e-12 || nn < 1e-12)
        {
            return 0;
        }

        var cap = Dot(za, zp) / (na * np);
        var can = Dot(za, zn) / (na * nn);
        var loss = margin - cap + can;
        if (loss <= 0)
        {
            return 0;
        }

        var m = za.Length;
        var ga = new double[m];
        var gp = new double[m];
        var gn = new double[m];
        for (var k = 0; k < m; k++)
        {
            double ua = za[k] / na, up = zp[k] / np, un = zn[k] / nn;
            ga[k] = t.Weight * (-(up - (cap * ua)) + (un - (can * ua))) / na;
            gp[k] = -t.Weight * (ua - (cap * up)) / np;
            gn[k] = t.Weight * (ua - (can * un)) / nn;
        }

        AddOuter(gradient, ga, x[t.Anchor]);
        AddOuter(gradient, gp, x[t.Positive]);
        AddOuter(gradient, gn, x[t.Negative]);
        return t.Weight * loss;
    }

    private static void Step(double[][] w, double[][] w0, double[][] velocity, double[][] gradient, int batch, MetricLearningOptions options)
    {
        for (var k = 0; k < w.Length; k++)
        {
            var row = w[k];
            for (var j = 0; j < row.Length; j++)
            {
                var g = (gradient[k][j] / batch) + (2 * options.Regularization * (row[j] - w0[k][j]));
                velocity[k][j] = (options.Momentum * velocity[k][j]) - (options.LearningRate * g);
                row[j] += velocity[k][j];
            }
        }
    }

    private static void AddOuter(double[][] gradient, double[] g, double[] x)
    {
        for (var k = 0; k < g.Length; k++)
        {
            var gk = g[k];
            var row = gradient[k];
            for (var j = 0; j < x.Length; j++)
            {
                row[j] += gk * x[j];
            }
        }
    }

    internal static double[] Multiply(double[][] w, double[] x)
    {
        var z = new double[w.Length];
        for (var k = 0; k < w.Length; k++)
        {
            z[k] = Dot(w[k], x);
        }

        return z;
    }

    private static double[] Unit(double[] v)
    {
        var norm = Norm(v);
        return norm < 1e-12 ? v : [.. v.Select(t => t / norm)];
    }

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));

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
