namespace Timbre.Recommendation.Recommenders;

/// <summary>How 001's method 2 uses the seeds' genres.</summary>
public enum GenreRule
{
    /// <summary>score = cos + β · (candidate's probability mass on the seed genres).</summary>
    Boost,

    /// <summary>Only candidates whose predicted top genre is a seed genre; score = cos.</summary>
    Restrict,
}
