using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Seed 002's CNN on 128×128 mel-spectrogram slices: five 3×3 convolutions (47-95-95-142-190, ReLU) each followed by
/// max pooling, flattened (380 values on 128×128: the embedding), then the classification layer.
/// Input (N, 1, H, W): H mel bands, W frames.
/// </summary>
public sealed class SliceCnn : TimbreModel
{
    private readonly Sequential features;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly SliceCnnOptions _options;

    /// <summary>Builds the network.</summary>
    public SliceCnn(SliceCnnOptions options)
        : base(nameof(SliceCnn))
    {
        options.Validate();
        _options = options;
        int[] fp = ShapeMath.ClampPools(options.Height, options.FrequencyPools).Kernels;
        int[] tp = ShapeMath.ClampPools(options.Width, options.TimePools).Kernels;
        features = nn.Sequential();
        long channels = 1;
        for (int i = 0; i < 5; i++)
        {
            features.append(nn.Conv2d(channels, options.Filters[i], 3, padding: 1));
            features.append(nn.ReLU());
            features.append(nn.MaxPool2d((fp[i], tp[i]), (fp[i], tp[i])));
            channels = options.Filters[i];
        }

        features.append(nn.Flatten());
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(options.FlattenSize, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.FlattenSize;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => features.forward(x);

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
