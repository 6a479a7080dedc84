using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Recommenders;

/// <summary>One recommendation method over a <see cref="RecommendationContext"/>.</summary>
public interface IRecommender
{
    /// <summary>Short method name (e.g. "m1", "profile", "als").</summary>
    string Name { get; }

    /// <summary>Ranked recommendations with reasons, best first, at most <see cref="RecommendationRequest.Count"/>.</summary>
    IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request);
}
