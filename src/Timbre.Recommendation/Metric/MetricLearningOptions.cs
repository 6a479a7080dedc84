using Timbre.Core.Errors;

namespace Timbre.Recommendation.Metric;

/// <summary>How <see cref="MetricLearner"/> finds its projection.</summary>
public enum MetricMethod
{
    /// <summary>Linear discriminant analysis with shrinkage: at most (groups − 1) directions, closed form.</summary>
    Lda = 0,

    /// <summary>A linear map trained by SGD on cosine triplets with a margin (album/artist groups, likes/dislikes).</summary>
    Triplet = 1,

    /// <summary>Within-class whitening S^(−1/2) of the shrunk within-group covariance (WCCN): d → d, closed form.</summary>
    Whitening = 2,
}

/// <summary>
/// Options of <see cref="MetricLearner"/>. Inputs are standardised per dimension (median, 1.4826·MAD, fitted on the
/// training rows) before either method runs; the projection stored in a <see cref="MetricProjection"/> includes it.
/// </summary>
public sealed record MetricLearningOptions
{
    /// <summary>Method; default <see cref="MetricMethod.Lda"/>.</summary>
    public MetricMethod Method { get; init; } = MetricMethod.Lda;

    /// <summary>
    /// Output dimensions m. Default null: LDA keeps every discriminant direction (groups − 1, capped by the input
    /// dimension); triplet uses min(64, input dimension). LDA never gives more than groups − 1.
    /// </summary>
    public int? Dimensions { get; init; }

    /// <summary>
    /// Standardised values are clipped to ±this many robust standard deviations before learning and when applied, so
    /// one heavy-tailed dimension cannot dominate the cosine; default 5 (null: no clipping).
    /// </summary>
    public double? Clip { get; init; } = 5;

    /// <summary>
    /// LDA and whitening: shrinkage α of the within-class covariance towards a scaled identity, (1 − α)·Sw + α·(tr Sw / d)·I.
    /// Default null: the Ledoit–Wolf estimate from the data (classes are few and dimensions many, so α is rarely small).
    /// </summary>
    public double? Shrinkage { get; init; }

    /// <summary>
    /// LDA: each direction v_k (unit within-class variance) is scaled by r_k^p, where r_k is its between- over
    /// within-class variance ratio. p = 0 is textbook LDA (every kept direction counts the same in the cosine);
    /// default 0.5, so directions that barely separate the training groups barely count.
    /// </summary>
    public double RatioPower { get; init; } = 0.5;

    /// <summary>Triplet: cosine margin of the hinge max(0, margin − cos(a, p) + cos(a, n)); default 0.2.</summary>
    public double Margin { get; init; } = 0.2;

    /// <summary>Triplet: passes over the training rows (each row is an anchor once per pass); default 150.</summary>
    public int Epochs { get; init; } = 150;

    /// <summary>Triplet: SGD learning rate; default 0.02.</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>Triplet: SGD momentum; default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Triplet: triplets per SGD step; default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Triplet: random negatives drawn per anchor, of which the most similar (by the previous pass's map) is used;
    /// default 8 (1 = random negatives).
    /// </summary>
    public int NegativeCandidates { get; init; } = 8;

    /// <summary>Triplet: L2 pull λ·‖W − W₀‖² towards the initial map (the top principal directions); default 1e-3.</summary>
    public double Regularization { get; init; } = 1e-3;

    /// <summary>
    /// Triplet: weight of the triplets made from a user's likes and dislikes (liked anchor, liked positive, disliked
    /// negative) relative to the group triplets; default 1. Ignored when no preferences are given.
    /// </summary>
    public double PreferenceWeight { get; init; } = 1.0;

    /// <summary>Triplet: random seed (triplet sampling); default 17.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>The defaults.</summary>
    public static MetricLearningOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public MetricLearningOptions Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new InvalidOptionsException($"Unknown metric method {Method}.");
        }

        if (Dimensions is < 1)
        {
            throw new InvalidOptionsException($"Metric Dimensions must be >= 1 (got {Dimensions}).");
        }

        if (Clip is { } clip && !(clip > 0))
        {
            throw new InvalidOptionsException($"Metric Clip must be > 0 (got {clip}).");
        }

        if (Shrinkage is { } a && !(a >= 0 && a <= 1))
        {
            throw new InvalidOptionsException($"LDA Shrinkage must be in [0, 1] (got {a}).");
        }

        if (!(RatioPower >= 0 && RatioPower <= 2))
        {
            throw new InvalidOptionsException($"LDA RatioPower must be in [0, 2] (got {RatioPower}).");
        }

        if (!(Margin >= 0) || Epochs < 0 || !(LearningRate > 0) || !(Momentum >= 0 && Momentum < 1) || BatchSize < 1
            || NegativeCandidates < 1 || !(Regularization >= 0) || !(PreferenceWeight >= 0))
        {
            throw new InvalidOptionsException(
                $"Triplet metric needs Margin >= 0, Epochs >= 0, LearningRate > 0, 0 <= Momentum < 1, BatchSize >= 1, NegativeCandidates >= 1, "
                + $"Regularization >= 0, PreferenceWeight >= 0 (got {Margin}, {Epochs}, {LearningRate}, {Momentum}, {BatchSize}, {NegativeCandidates}, {Regularization}, {PreferenceWeight}).");
        }

        return this;
    }
}
