using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Seed 000's CNN: four blocks of 3×3 convolution (padding 1) + activation + 2×2 max pooling, then a fully connected
/// layer of <see cref="Cnn4Options.Hidden"/> units (the embedding), dropout and the classification layer.
/// Input (N, 1, H, W): H frequency bins, W frames.
/// </summary>
public sealed class Cnn4 : TimbreModel
{
    private readonly Sequential features;
    private readonly Sequential hidden;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly Cnn4Options _options;

    /// <summary>Builds the network.</summary>
    public Cnn4(Cnn4Options options)
        : base(nameof(Cnn4))
    {
        options.Validate();
        _options = options;
        features = nn.Sequential();
        int channels = 1, h = options.Height, w = options.Width;
        for (int i = 0; i < 4; i++)
        {
            features.append(nn.Conv2d(channels, options.Filters[i], 3, padding: 1));
            features.append(ActivationLayers.Create(options.Activation));
            features.append(nn.MaxPool2d(2));
            channels = options.Filters[i];
            h /= 2;
            w /= 2;
        }

        hidden = nn.Sequential(nn.Flatten(), nn.Linear(channels * h * w, options.Hidden), ActivationLayers.Create(options.Activation));
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
