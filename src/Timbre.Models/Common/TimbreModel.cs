using TorchSharp;
using static TorchSharp.torch;

namespace Timbre.Models.Common;

/// <summary>
/// A classifier network whose <see cref="torch.nn.Module{T, TResult}.forward"/> returns logits (N, classes) and whose
/// <see cref="Embed"/> returns the vector just before the classification layer (N, <see cref="EmbeddingSize"/>);
/// <see cref="ForwardWithEmbedding"/> gives both in one pass.
/// Spectrogram models take NCHW input with C = 1, H = frequency bins (mel bands or coefficients), W = frames;
/// vector models take (N, length).
/// </summary>
public abstract class TimbreModel : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module with a TorchSharp name.</summary>
    protected TimbreModel(string name)
        : base(name)
    {
    }

    /// <summary>The options the model was built with (serialised into model packages).</summary>
    public abstract ModelOptions Options { get; }

    /// <summary>Length of the vector <see cref="Embed"/> returns.</summary>
    public abstract long EmbeddingSize { get; }

    /// <summary>The per-sample vector before the classification layer, shape (N, <see cref="EmbeddingSize"/>).</summary>
    public abstract Tensor Embed(Tensor x);

    /// <summary>
    /// The logits (N, classes) of an <see cref="Embed"/> output: what <c>forward</c> applies after <see cref="Embed"/>.
    /// A model without a classifier (<see cref="ModelOptions.Classes"/> 0) returns an empty (N, 0) tensor.
    /// </summary>
    public abstract Tensor Classify(Tensor embedding);

    /// <summary>
    /// One pass through the network giving both the logits and the embedding they were computed from; in eval mode
    /// equal to (<c>forward(x)</c>, <see cref="Embed"/>(x)) at the cost of one call.
    /// </summary>
    public (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor x)
    {
        Tensor embedding = Embed(x);
        return (Classify(embedding), embedding);
    }
}
