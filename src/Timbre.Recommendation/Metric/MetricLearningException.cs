using Timbre.Core.Errors;

namespace Timbre.Recommendation.Metric;

/// <summary>The data cannot train or apply a metric (too few groups, vectors of different lengths, non-finite values).</summary>
public sealed class MetricLearningException : TimbreException
{
    /// <summary>Creates the exception.</summary>
    public MetricLearningException(string message)
        : base(message)
    {
    }
}
