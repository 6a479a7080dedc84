using Timbre.Core.Errors;
using Timbre.Models.Common;
using static TorchSharp.torch;

namespace Timbre.Models.Tests.Spectrogram;

public class ModelShapeTests
{
    public static TheoryData<string, int[], int, long> PaperShapes => new()
    {
        { "cnn4", [1, 128, 128], 4, 1024 },
        { "cnn5", [1, 96, 1366], 7, 256 },
        { "cnn5", [1, 128, 130], 10, 256 },
        { "crnn", [1, 128, 130], 10, 32 },
        { "slice-cnn", [1, 128, 128], 8, 380 },
        { "slice-crnn", [1, 128, 128], 8, 64 },
        { "mfcc-cnn", [1, 13, 130], 10, 64 },
        { "stats-cnn1d", [322], 8, 64 },
        { "logreg", [140], 8, 140 },
        { "svm", [287], 8, 287 },
        { "mlp", [322], 8, 100 },
        { "mobilenetv2-gru", [1, 256, 256], 10, 1024 },
    };

    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(PaperShapes))]
    public void ForwardAndEmbedShapes(string kind, int[] shape, int classes, long embedding)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using TimbreModel model = ModelFactory.Create(kind, shape, classes);
        Assert.Equal(kind, ModelFactory.KindOf(model));
        model.eval();
        long[] batchShape = [2, .. shape.Select(d => (long)d)];
        Tensor x = randn(batchShape);
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 2, classes }, model.forward(x).shape);
        Assert.Equal(new long[] { 2, embedding }, model.Embed(x).shape);
        Assert.Equal(embedding, model.EmbeddingSize);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void CrnnOnSeed001InputHas15TimeSteps()
    {
        var options = new Timbre.Models.Spectrogram.CrnnOptions();
        Assert.Equal(1440, options.PaddedWidth);
        Assert.Equal(15, options.TimeSteps);
        using var scope = NewDisposeScope();
        using var model = new Timbre.Models.Spectrogram.Crnn(options);
        model.eval();
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 1, 10 }, model.forward(randn(1, 1, 96, 1366)).shape);
    }

    [Fact]
    public void SliceCnnHasSeed002ParameterCount()
    {
        using var model = new Timbre.Models.Spectrogram.SliceCnn(new Timbre.Models.Spectrogram.SliceCnnOptions());
        Assert.Equal(489_680, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Cnn4ReluAndEluDiffer()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var relu = new Timbre.Models.Spectrogram.Cnn4(new() { Height = 32, Width = 32 });
        manual_seed(3);
        using var elu = new Timbre.Models.Spectrogram.Cnn4(new() { Height = 32, Width = 32, Activation = Activation.Elu });
        relu.eval();
        elu.eval();
        Tensor x = randn(1, 1, 32, 32);
        Assert.False(relu.Embed(x).allclose(elu.Embed(x)));
    }

    [Theory]
    [InlineData("crnn", new[] { 2, 96, 100 })]
    [InlineData("cnn4", new[] { 1, 8, 8 })]
    [InlineData("logreg", new[] { 2, 3, 4 })]
    [InlineData("nonsense", new[] { 10 })]
    public void BadShapeOrKindIsAClearError(string kind, int[] shape)
    {
        var e = Assert.Throws<InvalidOptionsException>(() => ModelFactory.Create(kind, shape, 10));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void OptionsRoundTripThroughJson()
    {
        var options = ModelFactory.CreateOptions("cnn4", [1, 64, 64], 5);
        var json = ModelFactory.SerializeOptions(options);
        var again = ModelFactory.CreateOptions("cnn4", [1, 64, 64], 5, json);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(json), System.Text.Json.JsonSerializer.Serialize(ModelFactory.SerializeOptions(again)));
    }
}
