using Timbre.Core.Errors;

namespace Timbre.Recommendation.Collaborative;

/// <summary>Options of <see cref="AlsRecommender"/> (implicit-feedback ALS, Hu–Koren–Volinsky 2008).</summary>
public sealed record AlsOptions
{
    /// <summary>Latent factors f; default 32.</summary>
    public int Factors { get; init; } = 32;

    /// <summary>Alternating sweeps; default 12.</summary>
    public int Iterations { get; init; } = 12;

    /// <summary>L2 regularisation λ; default 0.1.</summary>
    public double Regularization { get; init; } = 0.1;

    /// <summary>Confidence slope α: c = 1 + α·|w|; default 10.</summary>
    public double Alpha { get; init; } = 10;

    /// <summary>Random seed of the factor initialisation; default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The defaults.</summary>
    public static AlsOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public AlsOptions Validate()
    {
        if (Factors < 1 || Iterations < 0 || !(Regularization > 0) || !(Alpha >= 0))
        {
            throw new InvalidOptionsException($"ALS needs Factors >= 1, Iterations >= 0, Regularization > 0, Alpha >= 0 (got {Factors}, {Iterations}, {Regularization}, {Alpha}).");
        }

        return this;
    }
}
