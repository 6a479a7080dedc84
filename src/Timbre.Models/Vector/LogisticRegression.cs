using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Vector;

/// <summary>
/// Multinomial logistic regression: one linear layer whose logits feed softmax cross-entropy. Its "embedding" is the
/// input vector itself (there is no hidden layer). Input (N, length).
/// </summary>
public sealed class LogisticRegression : TimbreModel
{
    private readonly Linear linear;
    private readonly VectorModelOptions _options;

    /// <summary>Builds the model.</summary>
    public LogisticRegression(VectorModelOptions options)
        : base(nameof(LogisticRegression))
    {
        options.Validate();
        _options = options;
        linear = nn.Linear(options.Length, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.Length;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => x.flatten(1);

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => linear.forward(embedding);

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
