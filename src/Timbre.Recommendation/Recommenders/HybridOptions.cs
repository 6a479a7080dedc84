using Timbre.Core.Errors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="HybridRecommender"/>.</summary>
public sealed record HybridOptions
{
    /// <summary>User half-confidence K_u: with n_u known tracks the user factor is n_u / (n_u + K_u); default 3.</summary>
    public double UserHalfConfidence { get; init; } = 3;

    /// <summary>Item half-confidence K_i: with m_i users who touched the track the item factor is m_i / (m_i + K_i); default 1.</summary>
    public double ItemHalfConfidence { get; init; } = 1;

    /// <summary>Largest CF weight a (the content part keeps at least 1 − MaxCfWeight); default 0.8.</summary>
    public double MaxCfWeight { get; init; } = 0.8;

    /// <summary>The defaults.</summary>
    public static HybridOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public HybridOptions Validate()
    {
        if (!(UserHalfConfidence > 0) || !(ItemHalfConfidence > 0) || !(MaxCfWeight >= 0 && MaxCfWeight <= 1))
        {
            throw new InvalidOptionsException("Hybrid needs positive half-confidences and MaxCfWeight in [0, 1].");
        }

        return this;
    }
}
