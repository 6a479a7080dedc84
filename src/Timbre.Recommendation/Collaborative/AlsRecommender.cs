namespace Timbre.Recommendation.Collaborative;

/// <summary>
/// Implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008) trained by alternating least squares with a
/// direct Cholesky solve per user and per item. Preference p = 1 when the folded weight w &gt; 0, else 0;
/// confidence c = 1 + α·|w| for observed pairs (so a dislike is a confident 0), 1 for unobserved ones.
/// Each half-step solves (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = Yᵀ C_u p_u. Score = x_u · y_i; a track nobody
/// touched gets y = 0 (score 0), a user nobody knows gets no scores.
/// </summary>
public sealed class AlsRecommender : CfRecommenderBase
{
    private readonly AlsOptions _options;
    private readonly double[] _users;
    private readonly double[] _items;

    /// <summary>Trains the model on the snapshot's interactions.</summary>
    public AlsRecommender(Domain.RecommendationContext context, AlsOptions? options = null)
        : base(context)
    {
        _options = (options ?? AlsOptions.Default).Validate();
        var f = _options.Factors;
        var rng = new Random(_options.Seed);
        _users = Enumerable.Range(0, Matrix.UserIds.Count * f).Select(_ => (rng.NextDouble() - 0.5) * 0.02).ToArray();
        _items = Enumerable.Range(0, Matrix.ItemCount * f).Select(_ => (rng.NextDouble() - 0.5) * 0.02).ToArray();
        var byUser = Matrix.ByUser.Select(r => r.Select(p => (p.Item, p.Value)).ToArray()).ToArray();
        var byItem = Matrix.ByItem.Select(c => c.Select(p => (Item: p.User, p.Value)).ToArray()).ToArray();
        for (var it = 0; it < _options.Iterations; it++)
        {
            HalfStep(_users, _items, byUser);
            HalfStep(_items, _users, byItem);
        }
    }

    /// <inheritdoc />
    public override string Name => "als";

    /// <inheritdoc />
    protected override string Lead => "fits the listening pattern learned from all users";

    /// <inheritdoc />
    protected override float[] ScoreUser(int u)
    {
        var f = _options.Factors;
        var x = _users.AsSpan(u * f, f);
        var scores = new float[Matrix.ItemCount];
        for (var i = 0; i < scores.Length; i++)
        {
            double s = 0;
            var y = _items.AsSpan(i * f, f);
            for (var k = 0; k < f; k++)
            {
                s += x[k] * y[k];
            }

            scores[i] = (float)s;
        }

        return scores;
    }

    private void HalfStep(double[] solve, double[] fixedFactors, (int Item, float Value)[][] rows)
    {
        var f = _options.Factors;
        var fixedCount = fixedFactors.Length / f;
        var gram = new double[f * f];
        for (var r = 0; r < fixedCount; r++)
        {
            var y = fixedFactors.AsSpan(r * f, f);
            for (var a = 0; a < f; a++)
            {
                for (var b = 0; b < f; b++)
                {
                    gram[(a * f) + b] += y[a] * y[b];
                }
            }
        }

        Parallel.For(0, rows.Length, () => (A: new double[f * f], B: new double[f]), (r, _, buf) =>
        {
            Array.Copy(gram, buf.A, gram.Length);
            Array.Clear(buf.B);
            for (var k = 0; k < f; k++)
            {
                buf.A[(k * f) + k] += _options.Regularization;
            }

            foreach (var (other, value) in rows[r])
            {
                var c = 1 + (_options.Alpha * Math.Abs(value));
                var p = value > 0 ? 1.0 : 0.0;
                var y = fixedFactors.AsSpan(other * f, f);
                for (var a = 0; a < f; a++)
                {
                    var ya = (c - 1) * y[a];
                    for (var b = 0; b < f; b++)
                    {
                        buf.A[(a * f) + b] += ya * y[b];
                    }

                    buf.B[a] += c * p * y[a];
                }
            }

            Cholesky.Solve(buf.A, buf.B, f);
            buf.B.CopyTo(solve.AsSpan(r * f, f));
            return buf;
        }, _ => { });
    }
}
