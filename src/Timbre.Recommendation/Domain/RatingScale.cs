namespace Timbre.Recommendation.Domain;

/// <summary>How a 1–5 rating becomes a preference weight.</summary>
public enum RatingScale
{
    /// <summary>w = r − 3: ratings 1–2 push away, 3 is neutral, 4–5 pull.</summary>
    Centered,

    /// <summary>w = r / 5: every rating pulls, 5 the most (000's plain degree of preference).</summary>
    Scaled,
}
