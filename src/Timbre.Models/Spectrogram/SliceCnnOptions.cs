using System.Text.Json.Serialization;
using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="SliceCnn"/> (seed 002: conv 47 → pool (2, 4) → conv 95 → pool → conv 95 → pool → conv 142 →
/// pool → conv 190 → pool → flatten 380 → dense 8; 489 680 parameters on 128×128 with 3×3 kernels).
/// </summary>
public sealed record SliceCnnOptions : ModelOptions
{
    /// <summary>Creates the options with seed 002's 8 classes.</summary>
    public SliceCnnOptions()
    {
        Classes = 8;
    }

    /// <summary>Mel bands (H). Default 128.</summary>
    public int Height { get; init; } = 128;

    /// <summary>Frames (W). Default 128.</summary>
    public int Width { get; init; } = 128;

    /// <summary>Filters of the five 3×3 convolutions (padding 1, ReLU). Default 47, 95, 95, 142, 190.</summary>
    public int[] Filters { get; init; } = [47, 95, 95, 142, 190];

    /// <summary>Frequency pool per stage (clamped to the size left). Default 2, 2, 2, 2, 4.</summary>
    public int[] FrequencyPools { get; init; } = [2, 2, 2, 2, 4];

    /// <summary>Time pool per stage (clamped to the size left). Default 4, 2, 2, 2, 4.</summary>
    public int[] TimePools { get; init; } = [4, 2, 2, 2, 4];

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.</summary>
    public double Dropout { get; init; }

    /// <summary>Length of the flattened feature map (the embedding): 380 on 128×128.</summary>
    [JsonIgnore]
    public int FlattenSize =>
        Filters[^1] * ShapeMath.ClampPools(Height, FrequencyPools).Final * ShapeMath.ClampPools(Width, TimePools).Final;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 5 && Filters.All(f => f > 0), "SliceCnn needs exactly 5 positive filter counts.");
        Require(FrequencyPools.Length == 5 && TimePools.Length == 5, "SliceCnn needs 5 frequency and 5 time pools.");
        Require(FrequencyPools.Concat(TimePools).All(p => p >= 1), "Pool sizes must be at least 1.");
        Require(Height >= 1 && Width >= 1, "Input size must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
