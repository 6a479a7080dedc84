using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// The self-supervised encoder: four blocks of 3×3 convolution + batch norm + ReLU + 2×2 max pooling, then the mean and
/// the maximum of the last feature map over frequency and time, concatenated — the embedding (2 × last filters).
/// <see cref="forward"/> returns the projection head's output (linear, ReLU, linear) that the contrastive loss compares;
/// there is no classifier. Input (N, 1, H, W): H frequency bins, W frames.
/// </summary>
public sealed class ContrastiveCnn : TimbreModel
{
    private readonly Sequential trunk;
    private readonly Sequential head;
    private readonly ContrastiveCnnOptions _options;

    /// <summary>Builds the network.</summary>
    public ContrastiveCnn(ContrastiveCnnOptions options)
        : base(nameof(ContrastiveCnn))
    {
        options.Validate();
        _options = options;
        trunk = nn.Sequential();
        long channels = 1;
        foreach (int filters in options.Filters)
        {
            trunk.append(ConvBlocks.ConvBnReluPool(channels, filters, 2, 2));
            channels = filters;
        }

        head = nn.Sequential(
            nn.Linear(2 * channels, options.ProjectionHidden),
            nn.ReLU(),
            nn.Linear(options.ProjectionHidden, options.ProjectionSize));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => 2L * _options.Filters[^1];

    /// <summary>Width of the projection <see cref="forward"/> returns.</summary>
    public long ProjectionSize => _options.ProjectionSize;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor map = trunk.forward(x).flatten(2);
        return cat([map.mean([2]), map.amax([2])], 1).MoveToOuterDisposeScope();
    }

    /// <summary>No classifier: an empty (N, 0) view of <paramref name="embedding"/>.</summary>
    public override Tensor Classify(Tensor embedding) => embedding.narrow(1, 0, 0);

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => head.forward(Embed(x));
}
