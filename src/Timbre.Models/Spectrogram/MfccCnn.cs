using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Seed 004's CNN: conv 32 3×3 ReLU → max-pool 3×3 stride 2 "same" → BN; the same again; conv 32 2×2 ReLU → max-pool
/// 2×2 stride 2 "same" → BN; flatten → dense 64 ReLU (the embedding) → dropout 0.3 → classification layer.
/// Input (N, 1, 13, 130): MFCC coefficients × frames. Convolutions are "valid" as in the Keras original.
/// </summary>
public sealed class MfccCnn : TimbreModel
{
    private readonly Sequential features;
    private readonly Sequential hidden;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly MfccCnnOptions _options;

    /// <summary>Builds the network.</summary>
    public MfccCnn(MfccCnnOptions options)
        : base(nameof(MfccCnn))
    {
        options.Validate();
        _options = options;
        int f = options.Filters;
        features = nn.Sequential(
            nn.Conv2d(1, f, 3), nn.ReLU(), nn.MaxPool2d(3, 2, 1), nn.BatchNorm2d(f),
            nn.Conv2d(f, f, 3), nn.ReLU(), nn.MaxPool2d(3, 2, 1), nn.BatchNorm2d(f),
            nn.Conv2d(f, f, 2), nn.ReLU(), nn.MaxPool2d(2, 2, 0, ceil_mode: true), nn.BatchNorm2d(f),
            nn.Flatten());
        var (h, w) = options.FeatureMapSize;
        hidden = nn.Sequential(nn.Linear(f * h * w, options.Hidden), nn.ReLU());
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(options.Hidden, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.Hidden;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => hidden.forward(features.forward(x));

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
