using Timbre.Models.Common;

namespace Timbre.Models.Transfer;

/// <summary>
/// Options of <see cref="MobileNetV2Gru"/> (seed 003: MobileNetV2 → global average pool (1 280) → reshape (1, 1 280) →
/// bidirectional GRU (1 024 out) → dense softmax, on 256×256 spectrogram images).
/// </summary>
public sealed record MobileNetV2GruOptions : ModelOptions
{
    /// <summary>Input channels. Default 1 (a spectrogram); 3 matches ImageNet weights.</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Frequency bins (H). Default 256.</summary>
    public int Height { get; init; } = 256;

    /// <summary>Frames (W). Default 256.</summary>
    public int Width { get; init; } = 256;

    /// <summary>MobileNetV2 width multiplier α (channels scaled and rounded to multiples of 8). Default 1.0.</summary>
    public double WidthMultiplier { get; init; } = 1.0;

    /// <summary>GRU hidden size per direction; the embedding is twice this. Default 512 (1 024 out).</summary>
    public int GruHidden { get; init; } = 512;

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(InputChannels >= 1, "InputChannels must be positive.");
        Require(Height >= 32 && Width >= 32, $"MobileNetV2 input must be at least 32×32 (got {Height}×{Width}).");
        Require(WidthMultiplier > 0 && WidthMultiplier <= 4, "WidthMultiplier must be in (0, 4].");
        Require(GruHidden > 0, "GruHidden must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
