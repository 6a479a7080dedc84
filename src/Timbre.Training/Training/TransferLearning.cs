using Timbre.Core.Errors;
using Timbre.Models.Transfer;
using Timbre.Training.Data;

namespace Timbre.Training.Training;

/// <summary>Settings of <see cref="TransferLearning.Run"/>.</summary>
public sealed record TransferOptions
{
    /// <summary>Training of the head while the backbone is frozen.</summary>
    public TrainerOptions Head { get; init; } = new();

    /// <summary>Epochs of fine-tuning with the backbone unfrozen; 0 skips fine-tuning. Default 0.</summary>
    public int FineTuneEpochs { get; init; }

    /// <summary>Fine-tuning learning rate as a fraction of the head's. Default 0.1.</summary>
    public double FineTuneRateFactor { get; init; } = 0.1;
}

/// <summary>
/// Seed 003's transfer flow: copy a backbone pre-trained on a source task (or loaded from safetensors) into the target
/// model, freeze it, train the head, then optionally unfreeze and fine-tune everything at a lower learning rate.
/// </summary>
public static class TransferLearning
{
    /// <summary>
    /// Runs the flow on <paramref name="target"/>; when <paramref name="pretrained"/> is given its backbone is copied in
    /// first. Returns the head history and the fine-tuning history (null when skipped).
    /// </summary>
    public static (TrainingHistory Head, TrainingHistory? FineTune) Run(
        MobileNetV2Gru target,
        TensorDataset train,
        TensorDataset? validation,
        TransferOptions options,
        MobileNetV2Gru? pretrained = null,
        IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (options.FineTuneEpochs < 0 || options.FineTuneRateFactor is <= 0 or > 1)
        {
            throw new InvalidOptionsException("FineTuneEpochs must not be negative and FineTuneRateFactor must be in (0, 1].");
        }

        if (pretrained is not null)
        {
            BackboneWeights.Copy(pretrained, target);
        }

        target.FreezeBackbone();
        var head = new Trainer(options.Head).Fit(target, train, validation, progress, cancellationToken);
        target.UnfreezeBackbone();
        if (options.FineTuneEpochs == 0)
        {
            return (head, null);
        }

        var fineTune = options.Head with
        {
            Epochs = options.FineTuneEpochs,
            LearningRate = options.Head.LearningRate * options.FineTuneRateFactor,
            Seed = options.Head.Seed + 1,
        };
        return (head, new Trainer(fineTune).Fit(target, train, validation, progress, cancellationToken));
    }
}
