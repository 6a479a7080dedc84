using Timbre.Core.Errors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="HybridRecommender"/>.</summary>
public sealed record HybridOptions
{
    /// <summary>User half-confidence K_u: with n_u known tracks the user factor is n_u / (n_u + K_u); default 3.</summary>
    public double UserHalfConfidence { get; init; } = 3;

    /// <summary>Item half-confidence K_i: a CF z-score of a track m_i users touched is shrunk by m_i / (m_i + K_i); default 1.</summary>
    public double ItemHalfConfidence { get; init; } = 1;

    /// <summary>
    /// Largest CF weight a (the content part keeps at least 1 − MaxCfWeight); default 0.95: for a warm user the sound
    /// mostly breaks ties between tracks the listeners rate alike, and speaks alone for songs nobody rated. On the
    /// simulated users of <c>timbre eval-rec</c> 0.8 and 0.9 lost precision to user-kNN on multi-genre users.
    /// </summary>
    public double MaxCfWeight { get; init; } = 0.95;

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
