using Timbre.Core.Errors;

namespace Timbre.Recommendation.Domain;

/// <summary>A recommendation request cannot be served (unknown track or user, nothing to start from).</summary>
public sealed class RecommendationException : TimbreException
{
    /// <summary>Creates the exception.</summary>
    public RecommendationException(string message)
        : base(message)
    {
    }
}
