using Timbre.Dsp.Summary;

namespace Timbre.Dsp.Tests;

/// <summary>
/// The summary computes one STFT and derives every spectral feature from it: the results must be bit-identical to
/// each feature's own Compute; the public FromPower entry points (float power input) must agree within float rounding.
/// </summary>
public sealed class SharedSpectrumTests
{
    public static TheoryData<string> Signals() => new(ReferenceData.SignalNames);

    [Theory]
    [MemberData(nameof(Signals))]
    public void SummaryFramesEqualSeparateFeatures(string name)
    {
        var x = ReferenceData.Signal(name);
        var frames = new TrackSummary().ComputeFrames(x);
        var spectral = new SpectralFeatures().Compute(x);
        Assert.Equal(new Mfcc().Compute(x).Data, frames.Mfcc.Data);
        Assert.Equal(new Chroma().Compute(x).Data, frames.Chroma.Data);
        Assert.Equal(new SpectralContrast().Compute(x).Data, frames.Contrast.Data);
        Assert.Equal(spectral.Centroid, frames.Centroid.Data);
        Assert.Equal(spectral.Bandwidth, frames.Bandwidth.Data);
        Assert.Equal(spectral.Rolloff, frames.Rolloff.Data);
        Assert.Equal(spectral.Flatness, frames.Flatness.Data);
    }

    [Fact]
    public void ParallelSummaryEqualsSerial()
    {
        var x = ReferenceData.Signal("music");
        var serial = new TrackSummary().Compute(x);
        var parallel = new TrackSummary(new TrackSummaryOptions { Stft = new StftOptions { Parallel = true } }).Compute(x);
        Assert.Equal(serial, parallel);
    }

    [Theory]
    [InlineData("music")]
    [InlineData("chirp")]
    public void FromPowerMatchesCompute(string name)
    {
        var x = ReferenceData.Signal(name);
        var power = new Stft().Power(x);
        AssertClose(new MelSpectrogram().Compute(x), new MelSpectrogram().FromPower(power), 1e-5, 1e-9);
        AssertClose(new Mfcc().Compute(x), new Mfcc().FromPower(power), 1e-4, 1e-3);
        AssertClose(new Chroma().Compute(x), new Chroma().FromPower(power), 1e-4, 1e-6);
        AssertClose(new SpectralContrast().Compute(x), new SpectralContrast().FromPower(power), 1e-4, 1e-3);
        var a = new SpectralFeatures().Compute(x);
        var b = new SpectralFeatures().FromPower(power);
        AssertClose(Row(a.Centroid), Row(b.Centroid), 1e-4, 1e-2);
        AssertClose(Row(a.Bandwidth), Row(b.Bandwidth), 1e-4, 1e-2);
        AssertClose(Row(a.Flatness), Row(b.Flatness), 1e-3, 1e-6);
    }

    [Fact]
    public void FromPowerRejectsWrongBinCount()
    {
        var wrong = new FeatureMatrix(100, 4);
        Assert.Throws<ArgumentException>(() => new MelSpectrogram().FromPower(wrong));
        Assert.Throws<ArgumentException>(() => new Chroma().FromPower(wrong));
        Assert.Throws<ArgumentException>(() => new SpectralContrast().FromPower(wrong));
        Assert.Throws<ArgumentException>(() => new SpectralFeatures().FromPower(wrong));
        Assert.Throws<ArgumentException>(() => new Mfcc().FromPower(wrong));
    }

    private static FeatureMatrix Row(float[] values) => new(1, values.Length, values);

    private static void AssertClose(FeatureMatrix expected, FeatureMatrix actual, double rel, double abs)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var e = expected.Data[i];
            var a = actual.Data[i];
            Assert.True(Math.Abs(e - a) <= abs + rel * Math.Abs(e), $"index {i}: expected {e}, got {a}");
        }
    }
}
