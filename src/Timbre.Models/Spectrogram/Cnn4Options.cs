using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>Options of <see cref="Cnn4"/> (seed 000: 4 × (convolution + pooling), FC 1 024, softmax).</summary>
public sealed record Cnn4Options : ModelOptions
{
    /// <summary>Frequency bins (H). Default 128.</summary>
    public int Height { get; init; } = 128;

    /// <summary>Frames (W). Default 128.</summary>
    public int Width { get; init; } = 128;

    /// <summary>Filters of the four 3×3 convolutions. Default 32, 64, 128, 128.</summary>
    public int[] Filters { get; init; } = [32, 64, 128, 128];

    /// <summary>Width of the fully connected layer (the embedding). Default 1 024.</summary>
    public int Hidden { get; init; } = 1024;

    /// <summary>Hidden activation, ReLU or ELU. Default ReLU.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.5.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 4 && Filters.All(f => f > 0), "Cnn4 needs exactly 4 positive filter counts.");
        Require(Height >= 16 && Width >= 16, $"Cnn4 input must be at least 16×16 (got {Height}×{Width}).");
        Require(Hidden > 0, "Hidden must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
