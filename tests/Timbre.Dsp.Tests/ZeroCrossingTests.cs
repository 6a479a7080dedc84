namespace Timbre.Dsp.Tests;

/// <summary>The hop-block zero-crossing count against counting every frame's pairs, across shapes and thresholds.</summary>
public class ZeroCrossingTests
{
    [Theory]
    [InlineData(2048, 512, true, 1e-10, 22050)]
    [InlineData(2048, 512, true, 1e-10, 100)] // shorter than one frame
    [InlineData(1000, 250, true, 0.0, 7001)]
    [InlineData(512, 512, false, 0.01, 5000)] // frame = hop
    [InlineData(300, 100, false, 1e-10, 300)] // exactly one frame
    [InlineData(300, 100, false, 0.3, 3000)]
    [InlineData(8, 2, true, 0.0, 17)]
    public void HopBlocksCountTheSamePairsAsEachFrame(int length, int hop, bool center, double threshold, int samples)
    {
        var random = new Random(length + hop + samples);
        var x = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            // Runs of exact zeros, −0, values at the threshold and ordinary noise.
            x[i] = (i / 37 % 5) switch
            {
                0 => 0f,
                1 => -0f,
                2 => (float)(random.Next(3) - 1) * (float)threshold,
                _ => (float)(random.NextDouble() - 0.5),
            };
        }

        var options = new ZeroCrossingOptions { FrameLength = length, HopLength = hop, Center = center, Threshold = threshold };
        var rates = TimeDomainFeatures.ZeroCrossingRate(x, options).Data;

        var frames = Framing.FrameCount(samples, length, hop, center);
        Assert.Equal(frames, rates.Length);
        var padded = new PaddedView(x, center ? length / 2 : 0, PadMode.Edge);
        var scratch = new float[length];
        var floor = TimeDomainFeatures.FloatAtMost(threshold);
        for (var t = 0; t < frames; t++)
        {
            var count = TimeDomainFeatures.Crossings(padded.Slice(t * hop, length, scratch), floor);
            Assert.Equal((float)((double)count / length), rates[t]);
        }
    }
}
