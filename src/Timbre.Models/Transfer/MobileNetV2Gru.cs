using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Transfer;

/// <summary>
/// Seed 003's transfer-learning network: MobileNetV2 backbone → global average pool (1 280) → reshape (N, 1, 1 280)
/// → bidirectional GRU (2 × hidden out; the embedding) → dropout → classification layer. Input (N, C, H, W) with
/// H frequency bins and W frames. <see cref="FreezeBackbone"/> stops gradients into the backbone and keeps its batch
/// norm statistics fixed (inference mode) while the rest trains.
/// </summary>
public sealed class MobileNetV2Gru : TimbreModel
{
    private readonly MobileNetV2Backbone backbone;
    private readonly GRU gru;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly MobileNetV2GruOptions _options;
    private bool _frozen;

    /// <summary>Builds the network.</summary>
    public MobileNetV2Gru(MobileNetV2GruOptions options)
        : base(nameof(MobileNetV2Gru))
    {
        options.Validate();
        _options = options;
        backbone = new MobileNetV2Backbone(options.InputChannels, options.WidthMultiplier);
        gru = nn.GRU(backbone.OutputChannels, options.GruHidden, 1, batchFirst: true, bidirectional: true);
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(2L * options.GruHidden, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => 2L * _options.GruHidden;

    /// <summary>The MobileNetV2 feature extractor (its state dict keys are <c>features.*</c>).</summary>
    public MobileNetV2Backbone Backbone => backbone;

    /// <summary>Whether the backbone is frozen.</summary>
    public bool BackboneFrozen => _frozen;

    /// <summary>Stops training the backbone: no gradients, batch norm in inference mode.</summary>
    public void FreezeBackbone()
    {
        _frozen = true;
        foreach (var p in backbone.parameters())
        {
            p.requires_grad = false;
        }

        backbone.eval();
    }

    /// <summary>Lets the backbone train again (fine-tuning, usually with a lower learning rate).</summary>
    public void UnfreezeBackbone()
    {
        _frozen = false;
        foreach (var p in backbone.parameters())
        {
            p.requires_grad = true;
        }

        backbone.train(training);
    }

    /// <inheritdoc/>
    public override void train(bool train = true)
    {
        base.train(train);
        if (_frozen)
        {
            backbone.eval();
        }
    }

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = backbone.forward(x).mean([2L, 3L]);   // (N, 1280)
        var (output, _) = gru.call(pooled.unsqueeze(1), null);   // (N, 1, 2·hidden)
        return output.flatten(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
