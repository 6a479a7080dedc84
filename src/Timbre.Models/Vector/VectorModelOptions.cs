using Timbre.Models.Common;

namespace Timbre.Models.Vector;

/// <summary>Options of the models on summary-statistic vectors (seed 002): input (N, <see cref="Length"/>).</summary>
public record VectorModelOptions : ModelOptions
{
    /// <summary>Creates the options with seed 002's 8 classes.</summary>
    public VectorModelOptions()
    {
        Classes = 8;
    }

    /// <summary>Vector length. Default 322 (seed 002's MFCC+contrast+chroma+centroid+tonnetz set).</summary>
    public int Length { get; init; } = 322;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Length >= 1, $"Length must be positive (got {Length}).");
    }
}
