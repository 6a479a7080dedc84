namespace Timbre.Recommendation.Projection;

/// <summary>
/// Settings of <see cref="TSne"/> (van der Maaten and Hinton 2008; Barnes–Hut: van der Maaten 2014). The defaults are
/// scikit-learn's: perplexity 30, early exaggeration 12 for the first 250 iterations, momentum 0.5 then 0.8, learning
/// rate "auto" = max(n / 12 / 4, 50), θ = 0.5.
/// </summary>
public sealed record TSneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian is fitted to (clamped to (n − 1) / 3).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in all.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Iterations at the start with the affinities multiplied by <see cref="EarlyExaggeration"/>.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Factor on the affinities during the first <see cref="ExaggerationIterations"/>.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Step size; 0 = automatic, max(n / <see cref="EarlyExaggeration"/> / 4, 50).</summary>
    public double LearningRate { get; init; }

    /// <summary>Barnes–Hut opening angle (≤ 0.7): a cell is summarised by its centre of mass when size / distance is below it.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Up to this many points the repulsion is summed exactly (O(n²) per iteration), above it by Barnes–Hut.</summary>
    public int ExactUpTo { get; init; } = 2000;

    /// <summary>Seed of the small random offsets added to the PCA initialisation (same seed and input, same map).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a value out of range; returns this.</summary>
    public TSneOptions Validate()
    {
        if (!(Perplexity >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity, "Perplexity must be at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegative(ExaggerationIterations, nameof(ExaggerationIterations));
        if (!(EarlyExaggeration >= 1) || !(LearningRate >= 0) || !(Theta >= 0 && Theta <= 0.7))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), "Early exaggeration must be ≥ 1, learning rate ≥ 0, θ in [0, 0.7].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ExactUpTo, nameof(ExactUpTo));
        return this;
    }
}
