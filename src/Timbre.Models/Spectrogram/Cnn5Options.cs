using Timbre.Models.Common;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Options of <see cref="Cnn5"/> (seed 001: 5 conv 3×3, stride 1, padding, batch norm, ReLU, max pooling). The pool
/// plan follows Choi et al.'s FCN-5 on 96×1 366 — frequency (2, 2, 2, 3, 4), time (4, 4, 4, 5, 4) — with the last
/// stage absorbing what is left so any input collapses to 1×1.
/// </summary>
public sealed record Cnn5Options : ModelOptions
{
    /// <summary>Frequency bins (H). Default 96 (seed 001).</summary>
    public int Height { get; init; } = 96;

    /// <summary>Frames (W). Default 1 366 (seed 001: 29.1 s at 12 kHz, hop 256).</summary>
    public int Width { get; init; } = 1366;

    /// <summary>Filters of the five convolutions; the last is the embedding size. Default 32, 64, 128, 128, 256.</summary>
    public int[] Filters { get; init; } = [32, 64, 128, 128, 256];

    /// <summary>Preferred frequency pool per stage. Default 2, 2, 2, 3, 4.</summary>
    public int[] FrequencyPools { get; init; } = [2, 2, 2, 3, 4];

    /// <summary>Preferred time pool per stage. Default 4, 4, 4, 5, 4.</summary>
    public int[] TimePools { get; init; } = [4, 4, 4, 5, 4];

    /// <summary>Dropout before the classification layer, in [0, 1). Default 0.</summary>
    public double Dropout { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Filters.Length == 5 && Filters.All(f => f > 0), "Cnn5 needs exactly 5 positive filter counts.");
        Require(FrequencyPools.Length == 5 && TimePools.Length == 5, "Cnn5 needs 5 frequency and 5 time pools.");
        Require(FrequencyPools.Concat(TimePools).All(p => p >= 1), "Pool sizes must be at least 1.");
        Require(Height >= 1 && Width >= 1, "Input size must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
