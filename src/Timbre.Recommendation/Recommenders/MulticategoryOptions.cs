using Timbre.Core.Errors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="MulticategoryRecommender"/> (000's multicategory evaluation).</summary>
public sealed record MulticategoryOptions
{
    /// <summary>A genre whose share of the user's positive weight is ≥ θ is a category; default 0.15 (000's best).</summary>
    public double Threshold { get; init; } = 0.15;

    /// <summary>The defaults.</summary>
    public static MulticategoryOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> when θ is outside (0, 1].</summary>
    public MulticategoryOptions Validate()
    {
        if (!(Threshold > 0 && Threshold <= 1))
        {
            throw new InvalidOptionsException($"Threshold θ must be in (0, 1], got {Threshold}.");
        }

        return this;
    }
}
