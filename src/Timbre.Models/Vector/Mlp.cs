using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Vector;

/// <summary>Multi-layer perceptron baseline: linear → ReLU (the embedding) → dropout → linear. Input (N, length).</summary>
public sealed class Mlp : TimbreModel
{
    private readonly Sequential hidden;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly MlpOptions _options;

    /// <summary>Builds the model.</summary>
    public Mlp(MlpOptions options)
        : base(nameof(Mlp))
    {
        options.Validate();
        _options = options;
        hidden = nn.Sequential(nn.Flatten(), nn.Linear(options.Length, options.Hidden), nn.ReLU());
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(options.Hidden, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.Hidden;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => hidden.forward(x);

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
