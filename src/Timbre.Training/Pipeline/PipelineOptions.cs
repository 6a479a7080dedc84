using System.Text.Json;
using Timbre.Core.Errors;
using Timbre.Training.Training;

namespace Timbre.Training.Pipeline;

/// <summary>Settings of one training run through <see cref="ModelPipeline"/>. Validated by <see cref="Validate"/>.</summary>
public sealed record PipelineOptions
{
    /// <summary>Trainer settings (epochs, batch, rate, patience, seed, threads, augmentation). Default: Adam 0.001, batch 50.</summary>
    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>Model option overrides (JSON object, camelCase); null = <see cref="DefaultOverrides"/> for the kind.</summary>
    public JsonElement? ModelOverrides { get; init; }

    /// <summary>At most this many clips per training track (evenly spread; null = all). Validation/test always use all clips.</summary>
    public int? MaxTrainClipsPerTrack { get; init; }

    /// <summary>At most this many clips per validation/test track (evenly spread; null = all). Default null.</summary>
    public int? MaxEvalClipsPerTrack { get; init; }

    /// <summary>mobilenetv2-gru only: epochs of backbone pre-training on the source task (tempo bucket). Default 4; 0 = none.</summary>
    public int PretrainEpochs { get; init; } = 4;

    /// <summary>
    /// mobilenetv2-gru only: epochs training the head on the frozen pre-trained backbone, before the whole network is
    /// fine-tuned for <see cref="TrainerOptions.Epochs"/> (with early stopping). Default 3: a frozen backbone from the
    /// weak tempo task plateaus within a few epochs.
    /// </summary>
    public int HeadEpochs { get; init; } = 3;

    /// <summary>mobilenetv2-gru only: fine-tuning learning rate as a fraction of the head's, in (0, 1]. Default 0.3.</summary>
    public double FineTuneRateFactor { get; init; } = 0.3;

    /// <summary>
    /// mobilenetv2-gru only: a safetensors file of MobileNetV2 backbone weights (torchvision names, e.g. converted
    /// ImageNet weights; the width multiplier must match) used instead of pre-training on the source task. Default null.
    /// </summary>
    public string? BackboneWeightsPath { get; init; }

    /// <summary>mobilenetv2-gru only: tempo buckets of the source task (quantiles of the training tracks' tempi). Default 4.</summary>
    public int TempoBuckets { get; init; } = 4;

    /// <summary>Throws <see cref="InvalidOptionsException"/> for a bad setting.</summary>
    public PipelineOptions Validate(int classes)
    {
        Trainer.Validate(classes);
        if (MaxTrainClipsPerTrack is < 1 || MaxEvalClipsPerTrack is < 1 || PretrainEpochs < 0 || HeadEpochs < 1 || TempoBuckets < 2)
        {
            throw new InvalidOptionsException("Clips per track must be ≥ 1, pre-train epochs ≥ 0, head epochs ≥ 1, tempo buckets ≥ 2.");
        }

        if (FineTuneRateFactor is <= 0 or > 1)
        {
            throw new InvalidOptionsException($"The fine-tuning rate factor must be in (0, 1]; got {FineTuneRateFactor}.");
        }

        return this;
    }

    /// <summary>
    /// CPU-sized defaults per kind: mobilenetv2-gru uses width multiplier 0.5 and a 64-unit GRU (the published 1.0 /
    /// 512 is ~6× slower on 2 cores); crnn does not zero-pad the frames to a multiple of the pool product (on 3-s clips
    /// that would triple the frames with zeros: 33 → 96 when pooled by 4); every other kind uses its published defaults.
    /// </summary>
    public static JsonElement? DefaultOverrides(string kind) => kind.ToLowerInvariant() switch
    {
        "mobilenetv2-gru" => JsonDocument.Parse("""{"widthMultiplier":0.5,"gruHidden":64}""").RootElement.Clone(),
        "crnn" => JsonDocument.Parse("""{"padTime":false}""").RootElement.Clone(),
        _ => null,
    };

    /// <summary>The loss a kind trains with: multi-class hinge for the linear SVM, softmax cross-entropy otherwise.</summary>
    public static LossKind LossFor(string kind) =>
        string.Equals(kind, "svm", StringComparison.OrdinalIgnoreCase) ? LossKind.MultiClassHinge : LossKind.CrossEntropy;
}
