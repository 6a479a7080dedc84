using static TorchSharp.torch;

namespace Timbre.Training.Contrastive;

/// <summary>
/// SimCLR's normalised temperature-scaled cross-entropy (NT-Xent). The batch holds 2B projections laid out as
/// [first views of tracks 0…B−1, second views of tracks 0…B−1]: row i's positive is row (i + B) mod 2B, every other row
/// is a negative. Each row is L2-normalised, similarities are cosines / τ, the row itself is left out, and the loss is
/// the mean over all 2B rows of −log softmax at the positive.
/// </summary>
public static class NtXent
{
    /// <summary>The loss (a scalar) of projections <paramref name="z"/> (2B, P) at temperature <paramref name="temperature"/>.</summary>
    public static Tensor Loss(Tensor z, double temperature)
    {
        using var scope = NewDisposeScope();
        var (logits, targets) = Logits(z, temperature);
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }

    /// <summary>How many of the 2B rows rank their positive first among all other rows.</summary>
    public static long Correct(Tensor z, double temperature)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (logits, targets) = Logits(z.detach(), temperature);
        return logits.argmax(1).eq(targets).sum().item<long>();
    }

    private static (Tensor Logits, Tensor Targets) Logits(Tensor z, double temperature)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.dim() != 2 || z.shape[0] < 2 || z.shape[0] % 2 != 0)
        {
            throw new ArgumentException($"NT-Xent takes (2B, P) projections with B ≥ 1; got ({string.Join(", ", z.shape)}).", nameof(z));
        }

        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        }

        long n = z.shape[0], b = n / 2;
        Tensor unit = nn.functional.normalize(z, 2.0, 1);
        Tensor similarity = unit.mm(unit.t()) / temperature;
        Tensor self = eye(n, dtype: ScalarType.Bool, device: z.device);
        Tensor logits = similarity.masked_fill(self, -1e9);
        Tensor targets = arange(n, dtype: ScalarType.Int64, device: z.device).add(b).remainder(n);
        return (logits, targets);
    }
}
