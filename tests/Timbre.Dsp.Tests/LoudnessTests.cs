using Timbre.Dsp.Loudness;

namespace Timbre.Dsp.Tests;

/// <summary>EBU R128 loudness against ffmpeg's ebur128 filter (Reference/make_v2_reference.py) and the standard's numbers.</summary>
public class LoudnessTests
{
    public static TheoryData<string, int> Signals()
    {
        var data = new TheoryData<string, int>();
        foreach (var sr in new[] { 22050, 48000 })
        {
            foreach (var name in new[] { "sine", "pink", "sine_steps", "pink_steps" })
            {
                data.Add(name, sr);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void IntegratedLoudnessAndRangeMatchFfmpegEbur128(string name, int sr)
    {
        var reference = V2Signals.Json.GetProperty("loudness").EnumerateArray()
            .Single(e => e.GetProperty("signal").GetString() == name && e.GetProperty("sampleRate").GetInt32() == sr);
        var result = new LoudnessMeter(sr).Measure(V2Signals.LoudnessSignal(name, sr));

        // ffmpeg quantises its gating histogram to 0.01 LU and resamples 22050 Hz input to 48 kHz: ±0.1 LU.
        Assert.Equal(reference.GetProperty("integrated").GetDouble(), result.IntegratedLufs, 0.1);
        Assert.Equal(reference.GetProperty("lra").GetDouble(), result.RangeLu, 0.2);
    }

    [Theory]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void SineAtMinus20DbfsIsMinus23Lufs(int sr)
    {
        // BS.1770: a full-scale 1 kHz sine in one channel reads −3.01 LUFS (K-weighting is ≈ 0 dB at 1 kHz).
        var result = new LoudnessMeter(sr).Measure([.. V2Signals.Sine(5 * sr, sr, 0.1).Select(v => (float)v)]);
        Assert.Equal(-23.0, result.IntegratedLufs, 0.05);
        Assert.Equal(0.0, result.RangeLu, 0.01);
        Assert.Equal(10 * Math.Log10(2), result.CrestDb, 0.01);
    }

    [Fact]
    public void SteppedSineHasTheTech3342RangeOf10Lu()
    {
        // EBU Tech 3342 test case 1: 20 s at −20 dBFS then 20 s at −30 dBFS → LRA 10 ± 1 LU.
        var result = new LoudnessMeter(48000).Measure(V2Signals.LoudnessSignal("sine_steps", 48000));
        Assert.Equal(10.0, result.RangeLu, 0.1);
        Assert.True(result.ShortTermStdLu > 4, $"short-term std {result.ShortTermStdLu}");
    }

    [Fact]
    public void KWeightingAt48kHzHasTheStandardsCoefficients()
    {
        // ITU-R BS.1770-4 table 1 and 2 (48 kHz).
        var (shelfB, shelfA, highPassB, highPassA) = new KWeighting(48000).Coefficients;
        double[] expectedShelfB = [1.53512485958697, -2.69169618940638, 1.19839281085285];
        double[] expectedShelfA = [1.0, -1.69065929318241, 0.73248077421585];
        double[] expectedHighPassA = [1.0, -1.99004745483398, 0.99007225036621];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expectedShelfB[i], shelfB[i], 1e-8);
            Assert.Equal(expectedShelfA[i], shelfA[i], 1e-8);
            Assert.Equal(expectedHighPassA[i], highPassA[i], 1e-8);
        }

        Assert.Equal([1.0, -2.0, 1.0], highPassB);
    }

    [Fact]
    public void SilenceAndShortInputGiveTheFloorNotInfinity()
    {
        var meter = new LoudnessMeter(22050);
        var silence = meter.Measure(new float[22050 * 4]);
        Assert.Equal(new LoudnessEstimate(-70, 0, 0, 0), silence);
        var tooShort = meter.Measure([.. V2Signals.Sine(4000, 22050, 0.1).Select(v => (float)v)]);
        Assert.Equal(-70, tooShort.IntegratedLufs);
        Assert.Equal(0, tooShort.RangeLu);
    }

    [Fact]
    public void BadOptionsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(22050, new LoudnessOptions { BlockSeconds = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(22050, new LoudnessOptions { RangeLowPercentile = 96 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(22050, new LoudnessOptions { BlockSeconds = 0.45 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(4000));
    }
}
