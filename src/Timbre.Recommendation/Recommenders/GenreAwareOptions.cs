using Timbre.Core.Errors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>Options of <see cref="GenreAwareRecommender"/> (001's method 2).</summary>
public sealed record GenreAwareOptions
{
    /// <summary>Boost or restrict; default <see cref="GenreRule.Boost"/>.</summary>
    public GenreRule Rule { get; init; } = GenreRule.Boost;

    /// <summary>Boost weight β ≥ 0 of the genre mass; default 0.3 (cosine spans [-1, 1], the mass [0, 1]).</summary>
    public float Beta { get; init; } = 0.3f;

    /// <summary>
    /// A genre is a seed genre when it is the top genre of positive seeds holding at least this share of the
    /// positive seed weight; default 0.15 (so each of ≤ 5 equal seeds contributes its top genre).
    /// </summary>
    public float MinSeedShare { get; init; } = 0.15f;

    /// <summary>Options of the underlying cosine scoring.</summary>
    public SimilarSongsOptions Similarity { get; init; } = SimilarSongsOptions.Default;

    /// <summary>The defaults.</summary>
    public static GenreAwareOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public GenreAwareOptions Validate()
    {
        if (!(Beta >= 0) || !(MinSeedShare >= 0 && MinSeedShare <= 1))
        {
            throw new InvalidOptionsException($"Need Beta >= 0 and MinSeedShare in [0, 1] (got {Beta}, {MinSeedShare}).");
        }

        Similarity.Validate();
        return this;
    }
}
