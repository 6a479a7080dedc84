using Timbre.Core.Errors;

namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>Options of <see cref="RecommenderStudy"/>.</summary>
public sealed record RecommenderStudyOptions
{
    /// <summary>Simulated users, half single-category, half multi-category; default 80.</summary>
    public int Users { get; init; } = 80;

    /// <summary>Likes per user (known + held out); default 20.</summary>
    public int LikesPerUser { get; init; } = 20;

    /// <summary>List length n; default 10.</summary>
    public int N { get; init; } = 10;

    /// <summary>Simulation seed; default 11.</summary>
    public int Seed { get; init; } = 11;

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public RecommenderStudyOptions Validate()
    {
        if (Users < 2 || N < 1)
        {
            throw new InvalidOptionsException($"eval-rec needs --users >= 2 and --n >= 1 (got {Users}, {N}).");
        }

        return this;
    }
}
