using Timbre.Dsp.Fft;

namespace Timbre.Dsp.Tests;

/// <summary>Features without a torchaudio twin, checked on signals whose answer is known.</summary>
public class AnalyticTests
{
    private const int Sr = 22050;

    internal static float[] Tone(double hz, double seconds = 2.0, double amplitude = 0.5) =>
        Enumerable.Range(0, (int)(seconds * Sr)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Sr))).ToArray();

    internal static float[] Noise(double seconds = 2.0, int seed = 7)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, (int)(seconds * Sr)).Select(_ => (float)(rng.NextDouble() * 0.6 - 0.3)).ToArray();
    }

    private static double MiddleMean(float[] values) => values.Skip(4).Take(values.Length - 8).Average();

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(2048)]
    [InlineData(4096)]
    [InlineData(1000)]
    [InlineData(441)]
    [InlineData(7)]
    public void RealFftMatchesDirectDft(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var fft = new RealFft(n);
        var re = new double[fft.BinCount];
        var im = new double[fft.BinCount];
        fft.Forward(x, re, im);
        for (var k = 0; k < fft.BinCount; k++)
        {
            double er = 0, ei = 0;
            for (var j = 0; j < n; j++)
            {
                var a = -2 * Math.PI * ((long)j * k % n) / n;
                er += x[j] * Math.Cos(a);
                ei += x[j] * Math.Sin(a);
            }

            Assert.Equal(er, re[k], 1e-9);
            Assert.Equal(ei, im[k], 1e-9);
        }
    }

    [Theory]
    [InlineData(440.0)]
    [InlineData(1000.0)]
    [InlineData(3000.0)]
    public void ToneCentroidIsItsFrequency(double hz)
    {
        var s = new SpectralFeatures().Compute(Tone(hz));
        // Hann leakage is symmetric around the tone; within 1 % of the frequency.
        Assert.InRange(MiddleMean(s.Centroid), hz * 0.99, hz * 1.01);
        Assert.InRange(MiddleMean(s.Rolloff), hz - 30, hz + 30);
    }

    [Theory]
    [InlineData(440.0, 9)] // A
    [InlineData(261.63, 0)] // C4
    [InlineData(392.0, 7)] // G4
    [InlineData(1479.98, 6)] // F#6
    public void ChromaPeaksAtThePitchClass(double hz, int pitchClass)
    {
        var chroma = new Chroma().Compute(Tone(hz));
        Assert.Equal(12, chroma.Rows);
        var mid = chroma.Cols / 2;
        var column = chroma.Column(mid);
        Assert.Equal(pitchClass, Array.IndexOf(column, column.Max()));
        Assert.Equal(1f, column.Max(), 1e-6); // norm = ∞
    }

    [Fact]
    public void FlatnessSeparatesNoiseFromTone()
    {
        var noise = MiddleMean(new SpectralFeatures().Compute(Noise()).Flatness);
        var tone = MiddleMean(new SpectralFeatures().Compute(Tone(440)).Flatness);
        // White noise: periodogram values are exponential-ish, so geometric/arithmetic mean ≈ e^−γ ≈ 0.56.
        Assert.InRange(noise, 0.4, 1.0);
        Assert.InRange(tone, 0.0, 1e-3);
    }

    [Fact]
    public void ContrastIsHigherForToneThanNoise()
    {
        var contrast = new SpectralContrast();
        var tone = contrast.Compute(Tone(440));
        var noise = contrast.Compute(Noise());
        Assert.Equal(7, tone.Rows);
        // 440 Hz lies in band 2 (400–800 Hz).
        Assert.True(MiddleMean(tone.Row(2).ToArray()) > MiddleMean(noise.Row(2).ToArray()) + 20);
        Assert.All(noise.Data, v => Assert.True(v >= 0 && float.IsFinite(v)));
    }

    [Fact]
    public void TonnetzHasSixFiniteBoundedRows()
    {
        var chroma = new Chroma().Compute(Tone(261.63));
        var t = Tonnetz.FromChroma(chroma);
        Assert.Equal(6, t.Rows);
        Assert.Equal(chroma.Cols, t.Cols);
        Assert.All(t.Data, v => Assert.InRange(v, -1f, 1f));
        // Pitch class 0 projects to (cos(−π/2), cos 0) = (0, 1) on every circle (radius 0.5 for major thirds);
        // leakage into neighbouring classes (symmetric around C) shortens it but keeps its direction.
        // F# (class 6) lies opposite on the circle of fifths: (cos(6.5π), cos 7π) = (0, −1).
        var c = t.Column(t.Cols / 2);
        Assert.True(Math.Abs(c[0]) < 0.1 && c[1] > 0.2, $"C fifths = ({c[0]}, {c[1]})");
        var fs = Tonnetz.FromChroma(new Chroma().Compute(AnalyticTests.Tone(369.99))).Column(t.Cols / 2);
        Assert.True(Math.Abs(fs[0]) < 0.1 && fs[1] < -0.2, $"F# fifths = ({fs[0]}, {fs[1]})");
    }

    [Fact]
    public void ZeroCrossingRateOfToneIsTwiceItsFrequency()
    {
        var zcr = TimeDomainFeatures.ZeroCrossingRate(Tone(1000));
        Assert.InRange(MiddleMean(zcr.Data), 2 * 1000.0 / Sr * 0.98, 2 * 1000.0 / Sr * 1.02);
    }

    [Fact]
    public void RmsOfSineIsAmplitudeOverRootTwo()
    {
        var rms = TimeDomainFeatures.Rms(Tone(440, amplitude: 0.5));
        Assert.InRange(MiddleMean(rms.Data), 0.5 / Math.Sqrt(2) * 0.999, 0.5 / Math.Sqrt(2) * 1.001);
    }

    [Fact]
    public void SlaneyMelFiltersHaveUnitAreaInHz()
    {
        // Slaney norm: each triangle has peak 2/(hi−lo), so its area over Hz is 1; on the bin grid Σ w·Δf ≈ 1.
        var bank = new MelFilterBank(new MelOptions { NMels = 40, Stft = new StftOptions { NFft = 8192 } }).ToMatrix();
        var df = 22050.0 / 8192;
        for (var m = 1; m < bank.Rows; m++)
        {
            var area = bank.Row(m).ToArray().Sum(w => (double)w) * df;
            Assert.InRange(area, 0.97, 1.03);
        }
    }

    [Fact]
    public void MelConversionsRoundTrip()
    {
        foreach (var scale in new[] { MelScale.Slaney, MelScale.Htk })
        {
            foreach (var hz in new[] { 0.0, 200.0, 999.0, 1000.0, 4000.0, 11025.0 })
            {
                Assert.Equal(hz, MelConversions.MelToHz(MelConversions.HzToMel(hz, scale), scale), 1e-9);
            }
        }

        Assert.Equal(15.0, MelConversions.HzToMel(1000, MelScale.Slaney), 1e-12);
        Assert.Equal(1000.0, MelConversions.HzToMel(1000, MelScale.Htk), 0.1);
    }

    [Fact]
    public void ContrastBandSumsEqualSortingTheBand()
    {
        var rng = new Random(4);
        foreach (var (length, q) in new[] { (1, 1), (7, 3), (40, 8), (40, 40), (257, 13), (437, 9), (1025, 21) })
        {
            var values = Enumerable.Range(0, length).Select(_ => Math.Round(rng.NextDouble() * 10, 1)).ToArray(); // ties on purpose
            var sorted = values.Order().ToArray();
            var smallest = 0.0;
            for (var i = 0; i < q; i++)
            {
                smallest += sorted[i];
            }

            var largest = 0.0;
            for (var i = length - 1; i >= length - q; i--)
            {
                largest += sorted[i];
            }

            Assert.Equal(smallest, SpectralContrast.ExtremeSum(values, new double[q], largest: false)); // bit for bit
            Assert.Equal(largest, SpectralContrast.ExtremeSum(values, new double[q], largest: true));
            Assert.Equal((smallest, largest), SpectralContrast.ExtremeSums(values, new double[q], new double[q]));
        }
    }

    [Fact]
    public void ContrastThresholdPassesEqualTheRankedScanBitForBit()
    {
        // The two-pass sums (lane extremes as thresholds) against ExtremeSum on the band shapes of the default layout and
        // beyond: smooth tilts, ties, zeros of both signs, infinities and NaN (which falls back), every q up to 16 and past.
        var rng = new Random(11);
        var lengths = new[] { 15, 16, 18, 19, 31, 32, 33, 37, 74, 149, 297, 431, 1025 };
        foreach (var length in lengths)
        {
            foreach (var q in new[] { 1, 2, 3, 6, 8, 9, 12, 16, 17 })
            {
                if (q > length)
                {
                    continue;
                }

                for (var trial = 0; trial < 12; trial++)
                {
                    var values = new double[length];
                    for (var i = 0; i < length; i++)
                    {
                        values[i] = trial switch
                        {
                            0 => 1.0,
                            1 => Math.Round(rng.NextDouble() * 4, 1),
                            2 => rng.Next(3) == 0 ? -0.0 : 0.0,
                            3 => 100.0 / (1 + i) * rng.NextDouble(),
                            4 => i == length / 2 ? double.NaN : rng.NextDouble(),
                            5 => i == length - 1 ? double.NaN : rng.NextDouble(),
                            6 => rng.Next(50) == 0 ? double.PositiveInfinity : rng.NextDouble(),
                            _ => Math.Exp(rng.NextDouble() * 20 - 10),
                        };
                    }

                    var (low, high) = SpectralContrast.ExtremeSums(values, new double[q], new double[q]);
                    var expectedLow = SpectralContrast.ExtremeSum(values, new double[q], largest: false);
                    var expectedHigh = SpectralContrast.ExtremeSum(values, new double[q], largest: true);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expectedLow), BitConverter.DoubleToInt64Bits(low));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expectedHigh), BitConverter.DoubleToInt64Bits(high));
                }
            }
        }
    }
}
