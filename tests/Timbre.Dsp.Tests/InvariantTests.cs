using Timbre.Dsp.Summary;

namespace Timbre.Dsp.Tests;

/// <summary>Shapes across parameters, silence, and bad options.</summary>
public class InvariantTests
{
    [Theory]
    [InlineData(2048, 512, 128, 20, 44100)]
    [InlineData(1024, 256, 64, 13, 22050)]
    [InlineData(512, 128, 40, 40, 5000)]
    [InlineData(1000, 250, 32, 12, 10000)] // non-power-of-two FFT (Bluestein)
    [InlineData(2048, 512, 128, 20, 100)] // shorter than one frame: centred padding still gives frames
    public void ShapesFollowOptions(int nFft, int hop, int nMels, int nMfcc, int samples)
    {
        var x = AnalyticTests.Noise(samples / 22050.0 + 1e-9).Take(samples).ToArray();
        var stft = new StftOptions { NFft = nFft, HopLength = hop };
        var frames = 1 + samples / hop;
        Assert.Equal(frames, new Stft(stft).FrameCount(samples));
        var power = new Stft(stft).Power(x);
        Assert.Equal((nFft / 2 + 1, frames), (power.Rows, power.Cols));
        var mel = new MelOptions { Stft = stft, NMels = nMels };
        var mfcc = new Mfcc(new MfccOptions { Mel = mel, NMfcc = nMfcc }).Compute(x);
        Assert.Equal((nMfcc, frames), (mfcc.Rows, mfcc.Cols));
        Assert.Equal(frames, TimeDomainFeatures.ZeroCrossingRate(x, new ZeroCrossingOptions { FrameLength = nFft, HopLength = hop }).Cols);
        Assert.Equal(frames, new SpectralFeatures(new SpectralOptions { Stft = stft }).Compute(x).Centroid.Length);
        Assert.All(mfcc.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SilenceGivesFloorValuesNotNaN()
    {
        var x = new float[22050];
        var logMel = new MelSpectrogram().ComputeDb(x);
        Assert.All(logMel.Data, v => Assert.Equal(-100f, v));
        var s = new SpectralFeatures().Compute(x);
        Assert.All(s.Centroid, v => Assert.Equal(0f, v));
        Assert.All(s.Flatness, v => Assert.Equal(1f, v));
        Assert.All(new Chroma().Compute(x).Data, v => Assert.Equal(0f, v));
        Assert.All(new SpectralContrast().Compute(x).Data, v => Assert.True(float.IsFinite(v)));
        var summary = new TrackSummary().Compute(x);
        Assert.All(summary, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SummaryLayoutDescribesEveryDimension()
    {
        Assert.Equal(1, FeaturesVersion.Current);
        Assert.Equal(357, SummaryLayout.FeatureCount);
        Assert.Equal("mfcc[0].mean", SummaryLayout.Dimensions[0].Name);
        Assert.Equal("mfcc[3].std", SummaryLayout.Dimensions[3 * 7 + 1].Name);
        Assert.Equal("rms.kurtosis", SummaryLayout.Dimensions[^1].Name);
        Assert.Equal(SummaryLayout.FeatureCount, SummaryLayout.Dimensions.Select(d => d.Name).Distinct().Count());
        var music = ReferenceData.Signal("music");
        var frames = new TrackSummary().ComputeFrames(music);
        var vector = TrackSummary.Summarize(frames);
        Assert.Equal(SummaryLayout.FeatureCount, vector.Length);
        var centroidMean = SummaryLayout.Dimensions.Single(d => d.Name == "centroid.mean").Index;
        Assert.Equal(frames.Centroid.Data.Average(), vector[centroidMean], 1e-2);
    }

    [Fact]
    public void StatisticsMatchHandComputedValues()
    {
        var output = new float[7];
        TrackSummary.Statistics([1f, 2f, 3f, 10f], output);
        // mean 4, population std sqrt(12.5), median 2.5; skew = m3/m2^1.5 with m3 = (−27 − 8 − 1 + 216)/4 = 45.
        Assert.Equal(4f, output[0], 1e-6);
        Assert.Equal(Math.Sqrt(12.5), output[1], 1e-6);
        Assert.Equal((1f, 10f, 2.5f), (output[2], output[3], output[4]));
        Assert.Equal(45 / Math.Pow(12.5, 1.5), output[5], 1e-5);
        Assert.Equal((1.0 / 4 * (81 + 16 + 1 + 1296)) / (12.5 * 12.5) - 3, output[6], 1e-5);
    }

    [Fact]
    public void BadOptionsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MelSpectrogram(new MelOptions { FMin = 5000, FMax = 4000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MelSpectrogram(new MelOptions { FMax = 20000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MelSpectrogram(new MelOptions { NMels = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Stft(new StftOptions { NFft = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Stft(new StftOptions { HopLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Stft(new StftOptions { WinLength = 4096 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mfcc(new MfccOptions { NMfcc = 200 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mfcc(new MfccOptions { Lifter = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mfcc(new MfccOptions { Decibels = new DecibelOptions { Amin = 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpectralFeatures(new SpectralOptions { RolloffPercent = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpectralContrast(new ContrastOptions { NBands = 9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Chroma(new ChromaOptions { Tuning = 0.7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeDomainFeatures.Rms(new float[10], new RmsOptions { HopLength = 0 }));
        Assert.Throws<ArgumentException>(() => new Stft(new StftOptions { Center = false }).Power(new float[100]));
        Assert.Throws<ArgumentException>(() => new Stft(new StftOptions { PadMode = PadMode.Reflect }).Power([]));
    }

    [Fact]
    public void PaddingFollowsNumpy()
    {
        float[] x = [1, 2, 3, 4];
        Assert.Equal([3, 2, 1, 2, 3, 4, 3, 2], Framing.Pad(x, 2, PadMode.Reflect));
        Assert.Equal([1, 1, 1, 2, 3, 4, 4, 4], Framing.Pad(x, 2, PadMode.Edge));
        Assert.Equal([0, 0, 1, 2, 3, 4, 0, 0], Framing.Pad(x, 2, PadMode.Constant));
    }
}
