using System.Text.Json.Serialization;
using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="Crnn"/> (seed 001 after Choi et al. 2017): 4 conv 3×3 + BN + ReLU + dropout 0.1 with pools
/// (2×2)-(3×3)-(4×4)-(4×4), then a 2-layer GRU. On 96×1 366 input the frames are zero-padded to 1 440 (as Choi's
/// code does) so the feature maps are N×1×15.
/// </summary>
public sealed record CrnnOptions : ModelOptions
{
    /// <summary>Frequency bins (H). Default 96.</summary>
    public int Height { get; init; } = 96;

    /// <summary>Frames (W). Default 1 366.</summary>
    public int Width { get; init; } = 1366;

    /// <summary>Filters of the four convolutions. Default 64, 128, 128, 128 (Choi et al.).</summary>
    public int[] Filters { get; init; } = [64, 128, 128, 128];

    /// <summary>Preferred pools per stage, used for both axes; the last frequency pool absorbs what is left. Default 2, 3, 4, 4.</summary>
    public int[] Pools { get; init; } = [2, 3, 4, 4];

    /// <summary>Zero-pad the frames symmetrically to a multiple of the time-pool product. Default true.</summary>
    public bool PadTime { get; init; } = true;

    /// <summary>Dropout after each conv block, in [0, 1). Default 0.1.</summary>
    public double ConvDropout { get; init; } = 0.1;

    /// <summary>GRU hidden size (the embedding size). Default 32 (Choi et al.).</summary>
    public int GruHidden { get; init; } = 32;

    /// <summary>GRU layers. Default 2.</summary>
    public int GruLayers { get; init; } = 2;

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.3 (Choi et al.).</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Time steps the GRU sees for this input size.</summary>
    [JsonIgnore]
    public int TimeSteps => TimePoolPlan().Final;

    /// <summary>Frames after padding.</summary>
    [JsonIgnore]
    public int PaddedWidth
    {
        get
        {
            int product = Pools.Aggregate(1, (a, b) => a * b);
            return PadTime ? (int)Math.Ceiling(Width / (double)product) * product : Width;
        }
    }

    /// <summary>The time pools after clamping and the number of steps left.</summary>
    public (int[] Kernels, int Final) TimePoolPlan() => ShapeMath.ClampPools(PaddedWidth, Pools);

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 4 && Filters.All(f => f > 0), "Crnn needs exactly 4 positive filter counts.");
        Require(Pools.Length == 4 && Pools.All(p => p >= 1), "Crnn needs 4 pool sizes of at least 1.");
        Require(Height >= 1 && Width >= 1, "Input size must be positive.");
        Require(GruHidden > 0 && GruLayers > 0, "GRU hidden size and layers must be positive.");
        Require(ConvDropout >= 0 && ConvDropout < 1 && Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
        Require(TimeSteps >= 1, "Input has too few frames for the time pools.");
    }
}
