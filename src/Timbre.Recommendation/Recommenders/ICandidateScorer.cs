using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Recommenders;

/// <summary>A method that can score every catalog row, so that scores can be blended (see <see cref="HybridRecommender"/>).</summary>
public interface ICandidateScorer
{
    /// <summary>
    /// One score per snapshot row (higher is better; NaN = cannot score that row), or null when the method has
    /// nothing to start from for this request (no seeds, unknown user).
    /// </summary>
    float[]? ScoreAll(RecommendationRequest request);
}
