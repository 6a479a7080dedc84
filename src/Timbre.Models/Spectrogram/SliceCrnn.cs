using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// A CRNN on mel slices (seed 002): four conv blocks (3×3 + BN + ReLU + pool + dropout) collapse frequency to 1, a
/// stacked GRU reads the time steps, the last step's output is the embedding, then the classification layer.
/// Input (N, 1, H, W): H mel bands, W frames.
/// </summary>
public sealed class SliceCrnn : TimbreModel
{
    private readonly Sequential features;
    private readonly GRU gru;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly SliceCrnnOptions _options;

    /// <summary>Builds the network.</summary>
    public SliceCrnn(SliceCrnnOptions options)
        : base(nameof(SliceCrnn))
    {
        options.Validate();
        _options = options;
        int[] fp = ShapeMath.CollapsePools(options.Height, options.FrequencyPools);
        int[] tp = ShapeMath.ClampPools(options.Width, options.TimePools).Kernels;
        features = nn.Sequential();
        long channels = 1;
        for (int i = 0; i < 4; i++)
        {
            features.append(ConvBlocks.ConvBnReluPool(channels, options.Filters[i], fp[i], tp[i], options.ConvDropout));
            channels = options.Filters[i];
        }

        gru = nn.GRU(channels, options.GruHidden, options.GruLayers, batchFirst: true);
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(options.GruHidden, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.GruHidden;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor sequence = features.forward(x).squeeze(2).permute(0, 2, 1); // (N, T, C)
        var (output, _) = gru.call(sequence, null);
        return output.select(1, -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
