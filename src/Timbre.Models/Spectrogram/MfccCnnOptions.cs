using System.Text.Json.Serialization;
using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="MfccCnn"/> (seed 004, on 130 frames × 13 MFCC of a 10 s clip, laid out H = 13 coefficients,
/// W = 130 frames).
/// </summary>
public sealed record MfccCnnOptions : ModelOptions
{
    /// <summary>MFCC coefficients (H). Default 13.</summary>
    public int Height { get; init; } = 13;

    /// <summary>Frames (W). Default 130.</summary>
    public int Width { get; init; } = 130;

    /// <summary>Filters of each of the three convolutions. Default 32.</summary>
    public int Filters { get; init; } = 32;

    /// <summary>Dense layer width (the embedding). Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Dropout after the dense layer, in [0, 1). Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Spatial size after the three blocks (valid convs 3, 3, 2; pools 3/2 same, 3/2 same, 2/2 same).</summary>
    [JsonIgnore]
    public (int H, int W) FeatureMapSize => (Shrink(Height), Shrink(Width));

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters > 0 && Hidden > 0, "Filters and Hidden must be positive.");
        Require(Height >= 6 && Width >= 6, $"MfccCnn input must be at least 6×6 (got {Height}×{Width}).");
        Require(FeatureMapSize.H >= 1 && FeatureMapSize.W >= 1, "Input too small for MfccCnn.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }

    private static int Shrink(int n)
    {
        n = ShapeMath.PoolOut(ShapeMath.ConvOut(n, 3), 3, 2, 1);
        n = ShapeMath.PoolOut(ShapeMath.ConvOut(n, 3), 3, 2, 1);
        return ShapeMath.PoolOut(ShapeMath.ConvOut(n, 2), 2, 2, 0, ceilMode: true);
    }
}
