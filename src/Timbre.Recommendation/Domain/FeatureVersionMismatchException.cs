using Timbre.Core.Errors;

namespace Timbre.Recommendation.Domain;

/// <summary>Vectors produced by different model or feature versions were about to be compared.</summary>
public sealed class FeatureVersionMismatchException : TimbreException
{
    /// <summary>Creates the exception naming both versions.</summary>
    public FeatureVersionMismatchException(string expected, string actual, string what)
        : base($"{what} has feature version '{actual}' but the catalog snapshot uses '{expected}'; re-analyse it first.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The snapshot's version.</summary>
    public string Expected { get; }

    /// <summary>The offending version.</summary>
    public string Actual { get; }
}
