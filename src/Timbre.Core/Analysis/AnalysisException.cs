using Timbre.Core.Errors;

namespace Timbre.Core.Analysis;

/// <summary>A track's audio was decoded but could not be analysed (e.g. too short or silent for the model).</summary>
public sealed class AnalysisException : TimbreException
{
    /// <summary>Creates the exception.</summary>
    public AnalysisException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
