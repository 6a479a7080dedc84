using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Seed 001's fully convolutional CNN: five blocks of 3×3 convolution + batch norm + ReLU + max pooling that shrink
/// the (N, 1, H, W) input to (N, last filters, 1, 1); that vector is the embedding, followed by the classification
/// layer. The logits feed softmax (single label) or sigmoid (multi-label) — the trainer's loss chooses.
/// </summary>
public sealed class Cnn5 : TimbreModel
{
    private readonly Sequential features;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly Cnn5Options _options;

    /// <summary>Builds the network.</summary>
    public Cnn5(Cnn5Options options)
        : base(nameof(Cnn5))
    {
        options.Validate();
        _options = options;
        int[] fp = ShapeMath.CollapsePools(options.Height, options.FrequencyPools);
        int[] tp = ShapeMath.CollapsePools(options.Width, options.TimePools);
        features = nn.Sequential();
        long channels = 1;
        for (int i = 0; i < 5; i++)
        {
            features.append(ConvBlocks.ConvBnReluPool(channels, options.Filters[i], fp[i], tp[i]));
            channels = options.Filters[i];
        }

        features.append(nn.Flatten());
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(channels, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.Filters[^1];

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => features.forward(x);

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
