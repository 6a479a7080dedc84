using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>
/// Seed 001's CRNN: four conv blocks collapse the frequency axis to 1, the remaining time steps (15 on 96×1 366)
/// feed a stacked GRU; the last step's output is the embedding, followed by dropout and the classification layer.
/// Input (N, 1, H, W): H frequency bins, W frames.
/// </summary>
public sealed class Crnn : TimbreModel
{
    private readonly Sequential features;
    private readonly GRU gru;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly CrnnOptions _options;
    private readonly long _padLeft;
    private readonly long _padRight;

    /// <summary>Builds the network.</summary>
    public Crnn(CrnnOptions options)
        : base(nameof(Crnn))
    {
        options.Validate();
        _options = options;
        int pad = options.PaddedWidth - options.Width;
        _padLeft = pad / 2;
        _padRight = pad - _padLeft;
        int[] fp = ShapeMath.CollapsePools(options.Height, options.Pools);
        int[] tp = options.TimePoolPlan().Kernels;
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
        Tensor input = _padLeft + _padRight > 0 ? nn.functional.pad(x, [_padLeft, _padRight]) : x;
        Tensor maps = features.forward(input);                 // (N, C, 1, T)
        Tensor sequence = maps.squeeze(2).permute(0, 2, 1);   // (N, T, C)
        var (output, _) = gru.call(sequence, null);           // (N, T, hidden)
        return output.select(1, -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
