using Timbre.Models.Common;
using static TorchSharp.torch;

namespace Timbre.Models.Tests.Common;

public class ForwardWithEmbeddingTests
{
    public static TheoryData<string, int[], int> EveryKind => new()
    {
        { "cnn4", [1, 32, 32], 3 },
        { "cnn5", [1, 32, 33], 3 },
        { "crnn", [1, 32, 33], 3 },
        { "slice-cnn", [1, 128, 128], 3 },
        { "slice-crnn", [1, 128, 128], 3 },
        { "mfcc-cnn", [1, 13, 33], 3 },
        { "stats-cnn1d", [40], 3 },
        { "logreg", [40], 3 },
        { "svm", [40], 3 },
        { "mlp", [40], 3 },
        { "mobilenetv2-gru", [1, 64, 64], 3 },
        { "contrastive", [1, 32, 33], 0 },
    };

    [Fact]
    public void EveryFactoryKindIsCovered() =>
        Assert.Equal(ModelFactory.Kinds.Order(), EveryKind.Select(row => (string)row[0]).Order());

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void OnePassGivesTheLogitsOfForwardAndTheEmbeddingOfEmbed(string kind, int[] shape, int classes)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using TimbreModel model = ModelFactory.Create(kind, shape, classes);
        model.eval();
        using var noGrad = no_grad();
        Tensor x = randn([3, .. shape.Select(d => (long)d)]);
        var (logits, embedding) = model.ForwardWithEmbedding(x);
        Assert.Equal(model.Embed(x).data<float>().ToArray(), embedding.data<float>().ToArray());
        Assert.Equal(new long[] { 3, model.EmbeddingSize }, embedding.shape);
        if (classes == 0)
        {
            Assert.Equal(new long[] { 3, 0 }, logits.shape);
        }
        else
        {
            Assert.Equal(model.forward(x).data<float>().ToArray(), logits.contiguous().data<float>().ToArray());
            Assert.Equal(new long[] { 3, classes }, logits.shape);
        }
    }
}
