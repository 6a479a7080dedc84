using Timbre.Core.Errors;

namespace Timbre.Training.Training;

/// <summary>Optimizer choice (seed 000 compared both and chose Adam).</summary>
public enum OptimizerKind
{
    /// <summary>Adam (α, β1, β2 from the options).</summary>
    Adam,

    /// <summary>RMSProp (α 0.99 smoothing).</summary>
    RmsProp,
}

/// <summary>Training objective.</summary>
public enum LossKind
{
    /// <summary>Softmax cross-entropy over integer labels (single-label).</summary>
    CrossEntropy,

    /// <summary>Sigmoid + binary cross-entropy over multi-hot targets (seed 001's multi-label setting).</summary>
    BinaryCrossEntropy,

    /// <summary>Crammer–Singer-style multi-class hinge (PyTorch multi_margin_loss, margin 1) for linear SVMs.</summary>
    MultiClassHinge,
}

/// <summary>Learning-rate schedule applied after every epoch.</summary>
public enum ScheduleKind
{
    /// <summary>Constant rate.</summary>
    None,

    /// <summary>Multiply by <see cref="TrainerOptions.Gamma"/> every <see cref="TrainerOptions.StepSize"/> epochs.</summary>
    Step,

    /// <summary>Cosine annealing from the initial rate to <see cref="TrainerOptions.MinLearningRate"/> over the epochs.</summary>
    Cosine,

    /// <summary>Multiply by <see cref="TrainerOptions.Gamma"/> when the monitored loss has not improved for <see cref="TrainerOptions.PlateauPatience"/> epochs.</summary>
    ReduceOnPlateau,
}

/// <summary>Trainer settings; defaults follow seed 001 (Adam α 0.001, β1 0.9, β2 0.999, batch 50, 100 epochs).</summary>
public sealed record TrainerOptions
{
    /// <summary>Optimizer. Default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Initial learning rate. Default 0.001.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Adam β1. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β2. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>L2 weight decay (the SVM's regulariser). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Loss. Default softmax cross-entropy.</summary>
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;

    /// <summary>Samples per batch. Default 50.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Maximum epochs. Default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Stop after this many epochs without a lower validation loss; 0 disables early stopping. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Restore the weights of the best validation epoch at the end. Default true.</summary>
    public bool RestoreBest { get; init; } = true;

    /// <summary>When set, the best weights are also saved here (TorchSharp .dat) whenever they improve.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Learning-rate schedule. Default none.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.None;

    /// <summary>Step schedule period in epochs. Default 10.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>Step / plateau multiplier in (0, 1). Default 0.5.</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>Plateau schedule patience in epochs. Default 3.</summary>
    public int PlateauPatience { get; init; } = 3;

    /// <summary>Lowest learning rate of the cosine and plateau schedules. Default 1e-6.</summary>
    public double MinLearningRate { get; init; } = 1e-6;

    /// <summary>Per-class loss weights (e.g. inverse class frequency) or null for equal weights.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Batch augmentation, or null for none.</summary>
    public AugmentationOptions? Augmentation { get; init; }

    /// <summary>Seed of torch (init, dropout) and of the shuffling/augmentation RNG. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Intra-op threads for torch; 0 leaves the current setting. Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is outside its documented range.</summary>
    public void Validate(int classes)
    {
        Require(LearningRate > 0, "LearningRate must be positive.");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "Adam betas must be in [0, 1).");
        Require(WeightDecay >= 0, "WeightDecay must not be negative.");
        Require(BatchSize >= 1 && Epochs >= 1 && Patience >= 0, "BatchSize and Epochs must be positive and Patience not negative.");
        Require(StepSize >= 1 && Gamma is > 0 and < 1 && PlateauPatience >= 0 && MinLearningRate >= 0, "Schedule settings are out of range.");
        Require(Threads >= 0, "Threads must not be negative.");
        Require(ClassWeights is null || (ClassWeights.Length == classes && ClassWeights.All(w => w >= 0)),
            $"ClassWeights needs {classes} non-negative values.");
        Augmentation?.Validate();
    }

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOptionsException(message);
        }
    }
}
