using Timbre.Core.Errors;
using Timbre.Models.Common;
using Timbre.Models.Spectrogram;
using static TorchSharp.torch;

namespace Timbre.Models.Tests.Spectrogram;

public class ContrastiveCnnTests
{
    [Fact]
    public void Embeds_mean_and_max_of_the_last_map_and_projects_without_a_classifier()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using TimbreModel model = ModelFactory.Create("contrastive", [1, 64, 65], 0);
        Assert.Equal("contrastive", ModelFactory.KindOf(model));
        model.eval();
        using var noGrad = no_grad();
        Tensor x = randn(3, 1, 64, 65);
        Assert.Equal(new long[] { 3, 256 }, model.Embed(x).shape);
        Assert.Equal(new long[] { 3, 128 }, model.forward(x).shape);
        Assert.Equal(256, model.EmbeddingSize);
        Assert.DoesNotContain("contrastive", ModelFactory.ClassifierKinds);
    }

    [Fact]
    public void A_class_count_is_refused()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => ModelFactory.Create("contrastive", [1, 64, 65], 10));
        Assert.Contains("no classifier", e.Message);
        Assert.Throws<InvalidOptionsException>(() => new ContrastiveCnnOptions { Filters = [8, 8] }.Validate());
    }
}
