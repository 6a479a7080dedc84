using System.Text.Json.Serialization;
using Timbre.Models.Common;

namespace Timbre.Models.Vector;

/// <summary>
/// Options of <see cref="StatsCnn1d"/> (seed 002: Conv1D(200) → pool → Conv1D(8) → pool → Conv1D(8) → pool → dense →
/// dense). Kernel sizes and the hidden width are not in the write-up; defaults are Timbre's choice.
/// </summary>
public sealed record StatsCnn1dOptions : VectorModelOptions
{
    /// <summary>Filters of the three 1-D convolutions. Default 200, 8, 8.</summary>
    public int[] Filters { get; init; } = [200, 8, 8];

    /// <summary>Kernel size of each convolution (padding keeps the length). Default 3.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>Max-pool size after each convolution (clamped to the length left). Default 2.</summary>
    public int Pool { get; init; } = 2;

    /// <summary>First dense layer width (the embedding). Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Dropout after the first dense layer, in [0, 1). Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>Length after the three pools.</summary>
    [JsonIgnore]
    public int PooledLength => ShapeMath.ClampPools(Length, [Pool, Pool, Pool]).Final;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 3 && Filters.All(f => f > 0), "StatsCnn1d needs exactly 3 positive filter counts.");
        Require(Kernel >= 1 && Kernel % 2 == 1, "Kernel must be a positive odd number.");
        Require(Pool >= 1 && Hidden > 0, "Pool and Hidden must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
