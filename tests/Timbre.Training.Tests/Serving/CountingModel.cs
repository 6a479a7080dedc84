using Timbre.Models.Common;
using static TorchSharp.torch;

namespace Timbre.Training.Tests.Serving;

/// <summary>A trained model that counts how often each part of the network runs; the work is the inner model's.</summary>
internal sealed class CountingModel : TimbreModel
{
    private readonly TimbreModel _inner;

    public CountingModel(TimbreModel inner)
        : base("counting")
    {
        _inner = inner;
    }

    public int Embeds { get; private set; }

    public int Classifies { get; private set; }

    public int Forwards { get; private set; }

    public override ModelOptions Options => _inner.Options;

    public override long EmbeddingSize => _inner.EmbeddingSize;

    public override Tensor Embed(Tensor x)
    {
        Embeds++;
        return _inner.Embed(x);
    }

    public override Tensor Classify(Tensor embedding)
    {
        Classifies++;
        return _inner.Classify(embedding);
    }

    public override Tensor forward(Tensor x)
    {
        Forwards++;
        return _inner.forward(x);
    }
}
