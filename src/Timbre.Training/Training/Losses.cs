using static TorchSharp.torch;

namespace Timbre.Training.Training;

/// <summary>The training objectives on logits (N, classes) and targets (N, classes: one-hot, mixed or multi-hot).</summary>
public static class Losses
{
    /// <summary>
    /// The loss of <paramref name="kind"/>. Cross-entropy takes soft targets (weighted mean as PyTorch's
    /// <c>cross_entropy</c> with class weights); hinge takes the arg-max of the targets as the label.
    /// </summary>
    public static Tensor Compute(LossKind kind, Tensor logits, Tensor targets, Tensor? classWeights)
    {
        switch (kind)
        {
            case LossKind.CrossEntropy:
            {
                Tensor weighted = classWeights is null ? targets : targets * classWeights;
                Tensor perSample = -(weighted * nn.functional.log_softmax(logits, 1)).sum(1);
                return perSample.sum() / weighted.sum();
            }

            case LossKind.BinaryCrossEntropy:
                return nn.functional.binary_cross_entropy_with_logits(logits, targets, classWeights);

            case LossKind.MultiClassHinge:
                return nn.functional.multi_margin_loss(logits, targets.argmax(1), 1, 1.0, classWeights);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>Number of samples whose top-1 prediction is a positive (largest, or &gt; 0.5 for multi-label) target.</summary>
    public static long Correct(Tensor logits, Tensor targets, bool multiLabel)
    {
        using var scope = NewDisposeScope();
        Tensor predicted = logits.argmax(1);
        Tensor hit = multiLabel
            ? targets.gather(1, predicted.unsqueeze(1)).squeeze(1).gt(0.5)
            : predicted.eq(targets.argmax(1));
        return hit.sum().item<long>();
    }
}
