using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Vector;

/// <summary>
/// Linear SVM: one linear layer producing one score per class, meant to be trained with the multi-class hinge loss
/// (trainer loss <c>MultiClassHinge</c>) plus weight decay as the margin regulariser. Embedding = the input vector.
/// Input (N, length).
/// </summary>
public sealed class LinearSvm : TimbreModel
{
    private readonly Linear linear;
    private readonly VectorModelOptions _options;

    /// <summary>Builds the model.</summary>
    public LinearSvm(VectorModelOptions options)
        : base(nameof(LinearSvm))
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
