using Timbre.Training.Contrastive;
using static TorchSharp.torch;

namespace Timbre.Training.Tests.Contrastive;

public class NtXentTests
{
    [Fact]
    public void Identical_positives_and_orthogonal_negatives_give_the_closed_form_value()
    {
        // Rows a0 = e1, a1 = e2, b0 = e1, b1 = e2: each row's positive has cosine 1 and its two negatives cosine 0, so
        // every row's loss is −log(e^{1/τ} / (e^{1/τ} + 2)) = log(1 + 2·e^{−1/τ}); τ = 0.5 → log(1 + 2e^{−2}).
        using var z = tensor(new float[] { 1, 0, 0, 1, 1, 0, 0, 1 }, [4, 2]);
        using var loss = NtXent.Loss(z, 0.5);
        Assert.Equal(Math.Log(1 + (2 * Math.Exp(-2))), loss.item<float>(), 1e-6); // 0.2395...
        Assert.Equal(4, NtXent.Correct(z, 0.5));
    }

    [Fact]
    public void Random_projections_match_a_direct_double_precision_computation()
    {
        var rng = new Random(3);
        int n = 6, p = 5;
        double tau = 0.2;
        var values = Enumerable.Range(0, n * p).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        using var z = tensor(values, [n, p]);
        using var loss = NtXent.Loss(z, tau);

        // Reference: cosine similarities / τ, self left out, cross-entropy at row (i + n/2) mod n, mean over rows.
        double Cos(int i, int j)
        {
            double dot = 0, ni = 0, nj = 0;
            for (int k = 0; k < p; k++)
            {
                dot += values[(i * p) + k] * (double)values[(j * p) + k];
                ni += values[(i * p) + k] * (double)values[(i * p) + k];
                nj += values[(j * p) + k] * (double)values[(j * p) + k];
            }

            return dot / Math.Sqrt(ni * nj);
        }

        double expected = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = Enumerable.Range(0, n).Where(j => j != i).Sum(j => Math.Exp(Cos(i, j) / tau));
            expected -= Math.Log(Math.Exp(Cos(i, (i + (n / 2)) % n) / tau) / sum);
        }

        expected /= n;
        Assert.Equal(expected, loss.item<float>(), 1e-5);
    }

    [Fact]
    public void An_odd_batch_is_refused()
    {
        using var z = zeros(3, 4);
        Assert.Throws<ArgumentException>(() => NtXent.Loss(z, 0.1));
    }
}
