using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="SliceCrnn"/> (seed 002 reports a CRNN on slices, accuracy 0.75, without its layers; Timbre
/// uses SliceCnn's first four filter counts with batch norm, collapses frequency, and runs a GRU over time).
/// </summary>
public sealed record SliceCrnnOptions : ModelOptions
{
    /// <summary>Creates the options with seed 002's 8 classes.</summary>
    public SliceCrnnOptions()
    {
        Classes = 8;
    }

    /// <summary>Mel bands (H). Default 128.</summary>
    public int Height { get; init; } = 128;

    /// <summary>Frames (W). Default 128.</summary>
    public int Width { get; init; } = 128;

    /// <summary>Filters of the four 3×3 convolutions. Default 47, 95, 95, 142.</summary>
    public int[] Filters { get; init; } = [47, 95, 95, 142];

    /// <summary>Preferred frequency pools; the last absorbs what is left. Default 2, 2, 2, 4.</summary>
    public int[] FrequencyPools { get; init; } = [2, 2, 2, 4];

    /// <summary>Time pools (clamped). Default 2, 2, 2, 1 (16 steps on 128 frames).</summary>
    public int[] TimePools { get; init; } = [2, 2, 2, 1];

    /// <summary>Dropout after each conv block, in [0, 1). Default 0.1.</summary>
    public double ConvDropout { get; init; } = 0.1;

    /// <summary>GRU hidden size (the embedding size). Default 64.</summary>
    public int GruHidden { get; init; } = 64;

    /// <summary>GRU layers. Default 2.</summary>
    public int GruLayers { get; init; } = 2;

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 4 && Filters.All(f => f > 0), "SliceCrnn needs exactly 4 positive filter counts.");
        Require(FrequencyPools.Length == 4 && TimePools.Length == 4, "SliceCrnn needs 4 frequency and 4 time pools.");
        Require(FrequencyPools.Concat(TimePools).All(p => p >= 1), "Pool sizes must be at least 1.");
        Require(Height >= 1 && Width >= 1, "Input size must be positive.");
        Require(GruHidden > 0 && GruLayers > 0, "GRU hidden size and layers must be positive.");
        Require(ConvDropout >= 0 && ConvDropout < 1 && Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
