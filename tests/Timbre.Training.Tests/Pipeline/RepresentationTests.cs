using Timbre.Core.Errors;
using Timbre.Inference.Features;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Tests.Pipeline;

public sealed class RepresentationTests
{
    [Theory]
    [InlineData("crnn", 1, new[] { 1, 128, 130 })]
    [InlineData("cnn4", 2, new[] { 1, 64, 65 })]
    [InlineData("slice-cnn", 1, new[] { 1, 128, 128 })]
    [InlineData("mfcc-cnn", 4, new[] { 1, 13, 130 })]
    [InlineData("mobilenetv2-gru", 4, new[] { 1, 64, 65 })] // capped at 2: MobileNetV2 downsamples 32×
    [InlineData("mobilenetv2-gru", 1, new[] { 1, 128, 130 })]
    [InlineData("logreg", 4, new[] { 357 })]
    [InlineData("stats-cnn1d", 1, new[] { 357 })]
    public void EachKindGetsItsShape(string kind, int pool, int[] shape) =>
        Assert.Equal(shape, Representation.For(kind, 3.0, pool).InputShape);

    [Fact]
    public void UnknownKindAndBadPoolAreRejected()
    {
        Assert.Throws<InvalidOptionsException>(() => Representation.For("resnet"));
        Assert.Throws<InvalidOptionsException>(() => Representation.For("crnn", 3.0, 0));
        Assert.Throws<InvalidOptionsException>(() => Representation.For("crnn", -1));
    }

    [Fact]
    public void PipelineDefaultsAndBadTransferSettings()
    {
        var crnn = Timbre.Models.ModelFactory.Create("crnn", [1, 32, 32], 10, PipelineOptions.DefaultOverrides("crnn"));
        using (crnn)
        {
            Assert.False(((Timbre.Models.Spectrogram.CrnnOptions)crnn.Options).PadTime);
        }

        Assert.Throws<InvalidOptionsException>(() => new PipelineOptions { FineTuneRateFactor = 0 }.Validate(10));
        Assert.Throws<InvalidOptionsException>(() => new PipelineOptions { FineTuneRateFactor = 1.5 }.Validate(10));
        Assert.Throws<InvalidOptionsException>(() => new PipelineOptions { HeadEpochs = 0 }.Validate(10));
        Assert.Null(PipelineOptions.DefaultOverrides("cnn4"));
    }

    [Fact]
    public void ManifestFeatureSpecRoundTrips()
    {
        foreach (var r in new[] { Representation.For("crnn", 1.5, 2), Representation.For("slice-crnn"), Representation.For("mfcc-cnn"), Representation.For("svm") })
        {
            var back = Representation.FromFeatureSpec(r.ToFeatureSpec());
            Assert.Equal(r.Spec.Describe(), back.Spec.Describe());
            Assert.Equal(r.InputShape, back.InputShape);
            Assert.Equal(r.Pool, back.Pool);
        }
    }

    [Fact]
    public void OtherFeatureVersionIsRefused()
    {
        var spec = Representation.For("crnn").ToFeatureSpec();
        Assert.Throws<InvalidOptionsException>(() => Representation.FromFeatureSpec(spec with { Version = "999" }));
    }

    [Fact]
    public void PoolingAveragesBlocks()
    {
        var r = Representation.FromSpec(new FeatureExtractorSpec { NMels = 4, NMfcc = 4, ClipSeconds = 3 * 512 / 22050.0 }.Validate(), 2);
        Assert.Equal(4, r.Spec.Cols);
        float[] raw = [1, 3, 5, 7, 1, 3, 5, 7, 0, 0, 2, 2, 4, 4, 6, 6];
        var sample = new float[r.SampleSize];
        r.ToSample(raw, sample);
        Assert.Equal([2f, 6f, 2f, 4f], sample);
    }

    [Fact]
    public void NormalizationZScoresEachRowWithTrainingStatistics()
    {
        float[][] clips = [[1, 3, 10, 10], [3, 5, 10, 10]];
        var n = Normalization.Fit(2, 2, 2, (i, buffer) => clips[i].CopyTo(buffer, 0));
        Assert.Equal([3f, 10f], n.Mean);
        Assert.Equal(Math.Sqrt(2), n.Std[0], 5);
        Assert.Equal(1e-6f, n.Std[1]);
        var x = new float[] { 3, 3 + (float)Math.Sqrt(2), 10, 10 };
        n.Apply(x);
        Assert.Equal(0, x[0], 5);
        Assert.Equal(1, x[1], 5);
        Assert.Equal(0, x[2], 5);
        Assert.Throws<ArgumentException>(() => n.Apply(new float[3]));
    }
}
