using Timbre.Core.Errors;

namespace Timbre.Experiments.Simulation;

/// <summary>Options of <see cref="UserSimulator"/>.</summary>
public sealed record UserSimulatorOptions
{
    /// <summary>Users with one preferred genre; default 40.</summary>
    public int SingleCategoryUsers { get; init; } = 40;

    /// <summary>Users with 2–3 preferred genres; default 40.</summary>
    public int MultiCategoryUsers { get; init; } = 40;

    /// <summary>Liked tracks per user (known + held out); default 20.</summary>
    public int LikesPerUser { get; init; } = 20;

    /// <summary>Fraction of the likes hidden for evaluation; default 0.25.</summary>
    public double HeldOutFraction { get; init; } = 0.25;

    /// <summary>Known low ratings (1–2) on tracks outside the preferred genres; default 3.</summary>
    public int DislikesPerUser { get; init; } = 3;

    /// <summary>Zipf exponent of track popularity within a genre (0 = uniform); default 0.8. Gives CF something to learn.</summary>
    public double PopularitySkew { get; init; } = 0.8;

    /// <summary>Random seed; default 11.</summary>
    public int Seed { get; init; } = 11;

    /// <summary>The defaults.</summary>
    public static UserSimulatorOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public UserSimulatorOptions Validate()
    {
        if (SingleCategoryUsers < 0 || MultiCategoryUsers < 0 || LikesPerUser < 2 || !(HeldOutFraction > 0 && HeldOutFraction < 1) || DislikesPerUser < 0 || !(PopularitySkew >= 0))
        {
            throw new InvalidOptionsException("User simulation needs counts >= 0, LikesPerUser >= 2, HeldOutFraction in (0, 1) and PopularitySkew >= 0.");
        }

        return this;
    }
}
