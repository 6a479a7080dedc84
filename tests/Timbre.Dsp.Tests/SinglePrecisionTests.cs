using Timbre.Dsp.Fft;
using Timbre.Dsp.Summary;

namespace Timbre.Dsp.Tests;

/// <summary>The float32 per-frame path (StftOptions.SinglePrecisionFft and the float spectra after it) against double.</summary>
public class SinglePrecisionTests
{
    private const int Rate = 22050;

    private static readonly TrackSummary Double = new();
    private static readonly TrackSummary Single = new(new TrackSummaryOptions { Stft = new StftOptions { SinglePrecisionFft = true } });

    public static TheoryData<string> Signals() => new(["chords+noise", "quiet chords", "clipped chords", "silence", "noise"]);

    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(2048)]
    [InlineData(8192)]
    public void FloatPowerSpectrumEqualsDoubleToFloatPrecisionOfTheFrame(int n)
    {
        // Reference: the double transform's |X|². Float's errors scale with the frame, not the bin: 1e-6 of the largest bin.
        if (!RealFftSingle.IsSupported(n))
        {
            return; // no AVX-512: the STFT keeps the double transform
        }

        var rng = new Random(n);
        var frame = Enumerable.Range(0, n).Select(i => (float)(Math.Sin(0.37 * i) + 0.1 * (rng.NextDouble() - 0.5))).ToArray();
        var window = Windows.Create(WindowKind.Hann, n, n);
        var fft = new RealFft(n);
        var (re, im) = (new double[fft.BinCount], new double[fft.BinCount]);
        fft.ForwardWindowed(frame, window, re, im);
        var single = new float[fft.BinCount];
        new RealFftSingle(n).CreateWorker().PowerWindowed(frame, Array.ConvertAll(window, w => (float)w), single);
        var expected = re.Select((r, k) => r * r + im[k] * im[k]).ToArray();
        var peak = expected.Max();
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(single[k] - expected[k]) <= 1e-6 * peak, $"bin {k}: {single[k]} vs {expected[k]} (peak {peak})");
        }
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void SummaryWithFloatSpectraMatchesDoubleOnSignalsWithANoiseFloor(string name)
    {
        // Every dimension of the version 2 vector within 5e-3 of the double one, relative to max(|value|, 0.01) (worst
        // seen: 2.1e-3, the kurtosis of the lowest contrast band of the quiet chords); pure synthetic tones without any
        // noise are outside this (their contrast valleys are float rounding noise, see StftOptions.SinglePrecisionFft).
        var x = Signal(name);
        var expected = Double.Compute(x, FeaturesVersion.V2);
        var actual = Single.Compute(x, FeaturesVersion.V2);
        var layout = SummaryLayout.ForVersion(FeaturesVersion.V2);
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 0.01);
            Assert.True(err <= 5e-3, $"{name} {layout[i].Name}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void FloatExtremeSumsEqualTheDoubleRankedSums()
    {
        // The rank-counting float path against the double ranked scan of the same values, on the default band shapes
        // with ties, a flat band (the many-ties fallback) and q up to 16.
        var rng = new Random(5);
        foreach (var (n, q) in new[] { (19, 1), (38, 1), (75, 2), (150, 3), (298, 6), (431, 9), (64, 16), (33, 2) })
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var values = Enumerable.Range(0, n).Select(_ => trial % 5 == 0 ? (float)rng.Next(4) : (float)Math.Exp(rng.NextDouble() * 20 - 10)).ToArray();
                if (trial == 1)
                {
                    Array.Fill(values, 0.25f);
                }

                var wide = Array.ConvertAll(values, v => (double)v);
                var expected = (SpectralContrast.ExtremeSum(wide, new double[q], largest: false), SpectralContrast.ExtremeSum(wide, new double[q], largest: true));
                var (low, high) = SpectralContrast.ExtremeSums(values, new float[q], new float[q]);
                Assert.Equal(expected.Item1, low, 1e-12 * Math.Abs(expected.Item1));
                Assert.Equal(expected.Item2, high, 1e-12 * Math.Abs(expected.Item2));
            }
        }
    }

    [Fact]
    public void FloatExtremeSumsFallBackOnNaN()
    {
        var values = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        values[40] = float.NaN;
        var wide = Array.ConvertAll(values, v => (double)v);
        var expected = (SpectralContrast.ExtremeSum(wide, new double[3], largest: false), SpectralContrast.ExtremeSum(wide, new double[3], largest: true));
        Assert.Equal(expected, SpectralContrast.ExtremeSums(values, new float[3], new float[3]));
    }

    /// <summary>Four-second chord progressions (C, Am, F, G with octave partials) at a gain, plus uniform noise, clipped to ±1.</summary>
    private static float[] Signal(string name) => name switch
    {
        "chords+noise" => Chords(0.8, 0.05),
        "quiet chords" => Chords(0.01, 0.0005),
        "clipped chords" => Chords(4.0, 0.1),
        "silence" => new float[4 * Rate],
        "noise" => Chords(0.0, 0.3),
        _ => throw new ArgumentException(name),
    };

    private static float[] Chords(double gain, double noise)
    {
        double[][] chords = [[261.63, 329.63, 392.0], [220.0, 261.63, 329.63], [174.61, 220.0, 261.63], [196.0, 246.94, 293.66]];
        var rng = new Random(7);
        var x = new float[8 * Rate];
        for (var i = 0; i < x.Length; i++)
        {
            var v = 0.0;
            foreach (var f in chords[i / Rate % 4])
            {
                v += Math.Sin(2 * Math.PI * f * i / Rate) + 0.3 * Math.Sin(4 * Math.PI * f * i / Rate);
            }

            x[i] = (float)Math.Clamp(gain * v / 4 + noise * (rng.NextDouble() * 2 - 1), -1, 1);
        }

        return x;
    }
}
