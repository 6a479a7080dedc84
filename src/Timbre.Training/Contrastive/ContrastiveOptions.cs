using System.Text.Json;
using Timbre.Core.Errors;

namespace Timbre.Training.Contrastive;

/// <summary>
/// Settings of one self-supervised run (<see cref="ContrastiveTrainer"/>). An epoch takes every track once as an
/// anchor, in a seeded shuffled order, <see cref="Batch"/> tracks a step, two views each. Training stops after
/// <see cref="Epochs"/> or when <see cref="TimeBudget"/> is spent, whichever comes first; the learning rate warms up
/// linearly over the first 5 % and then follows a cosine to zero by whichever of the two limits is nearer.
/// </summary>
public sealed record ContrastiveOptions
{
    /// <summary>Tracks per step (each gives two views, so the loss sees 2 × this rows). Default 32.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>NT-Xent temperature τ. Default 0.1.</summary>
    public double Temperature { get; init; } = 0.1;

    /// <summary>Adam learning rate at the top of the schedule. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam weight decay. Default 1e-5.</summary>
    public double WeightDecay { get; init; } = 1e-5;

    /// <summary>Most epochs. Default 400 (the time budget usually ends a run first).</summary>
    public int Epochs { get; init; } = 400;

    /// <summary>Wall-time budget of the training loop. Default 30 minutes.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the initialisation, the order and every augmentation draw. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Torch threads (0 = library default). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>How views are distorted. Default <see cref="ViewAugmentationOptions"/>' defaults.</summary>
    public ViewAugmentationOptions Augmentation { get; init; } = new();

    /// <summary>Model option overrides (JSON object for ContrastiveCnnOptions, camelCase); null = defaults.</summary>
    public JsonElement? ModelOverrides { get; init; }

    /// <summary>Throws <see cref="InvalidOptionsException"/> for a bad setting.</summary>
    public ContrastiveOptions Validate()
    {
        if (Batch < 2)
        {
            throw new InvalidOptionsException($"Contrastive training needs at least 2 tracks a batch (negatives); got --batch {Batch}.");
        }

        if (!(Temperature > 0) || !(LearningRate > 0) || WeightDecay < 0)
        {
            throw new InvalidOptionsException("Temperature and learning rate must be positive, weight decay non-negative.");
        }

        if (Epochs < 1 || TimeBudget <= TimeSpan.Zero || Threads < 0)
        {
            throw new InvalidOptionsException("Epochs and the time budget must be positive, threads non-negative.");
        }

        Augmentation.Validate();
        return this;
    }
}
