using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="ContrastiveCnn"/>: a small log-mel CNN trained without labels (no classifier, so
/// <see cref="ModelOptions.Classes"/> is 0), with a projection head used only by the contrastive loss.
/// </summary>
public sealed record ContrastiveCnnOptions : ModelOptions
{
    /// <summary>Creates the options with no classes (the model has no classifier).</summary>
    public ContrastiveCnnOptions()
    {
        Classes = 0;
    }

    /// <summary>Frequency bins (H). Default 64 (128 mels pooled by 2).</summary>
    public int Height { get; init; } = 64;

    /// <summary>Frames (W). Default 65 (a 3-s clip pooled by 2).</summary>
    public int Width { get; init; } = 65;

    /// <summary>Channels of the four 3×3 convolution blocks (each followed by batch norm, ReLU and 2×2 max pooling). Default 16, 32, 64, 128 (≈ 15 M multiply-adds per 64 × 65 view, sized for 2 CPU cores).</summary>
    public int[] Filters { get; init; } = [16, 32, 64, 128];

    /// <summary>Hidden width of the projection head (linear, ReLU, linear). Default 256.</summary>
    public int ProjectionHidden { get; init; } = 256;

    /// <summary>Output width of the projection head (what the contrastive loss compares). Default 128.</summary>
    public int ProjectionSize { get; init; } = 128;

    /// <inheritdoc/>
    public override void Validate()
    {
        Require(Classes == 0, $"The contrastive model has no classifier: Classes must be 0 (got {Classes}).");
        Require(Filters.Length == 4 && Filters.All(f => f > 0), "ContrastiveCnn needs exactly 4 positive filter counts.");
        Require(Height >= 16 && Width >= 16, $"ContrastiveCnn input must be at least 16×16 (got {Height}×{Width}).");
        Require(ProjectionHidden > 0 && ProjectionSize > 0, "Projection widths must be positive.");
    }
}
