using System.Text.Json;
using Timbre.Audio.Resampling;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Resampling;

public class ResamplerTests
{
    [Fact]
    public void MatchesTorchaudioKaiser_MaxAbsError1e5()
    {
        // Reference: Resampling/Reference/make_resample_reference.py (torchaudio 0.13, kaiser_window, float64).
        string path = Path.Combine(AppContext.BaseDirectory, "Resampling", "Reference", "resample_reference.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        int n = doc.RootElement.GetProperty("n").GetInt32();
        int cases = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            int from = c.GetProperty("from").GetInt32(), to = c.GetProperty("to").GetInt32();
            var options = new ResamplerOptions
            {
                LowpassFilterWidth = c.GetProperty("width").GetInt32(),
                Rolloff = c.GetProperty("rolloff").GetDouble(),
            };
            float[] expected = c.GetProperty("output").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            var x = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (float)(0.4 * Math.Sin(2 * Math.PI * 440 * i / from) + 0.2 * Math.Sin(2 * Math.PI * 3000 * i / from + 0.3)
                    + 0.5 * Math.Exp(-(i - 150.0) * (i - 150.0) / 20.0));
            }

            float[] y = new Resampler(from, to, options).Process(x);
            Assert.Equal(expected.Length, y.Length);
            double maxErr = expected.Zip(y, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(maxErr <= 1e-5, $"{from}->{to}: max abs error {maxErr}");
            cases++;
        }

        Assert.Equal(10, cases);
    }

    [Theory]
    [InlineData(44100, 22050, 1000.0)]
    [InlineData(48000, 22050, 2500.0)]
    [InlineData(8000, 22050, 440.0)]
    [InlineData(22050, 16000, 3000.0)]
    [InlineData(44101, 22050, 1234.0)] // coprime rates
    public void Tone_KeepsFrequencyAndAmplitude(int from, int to, double frequency)
    {
        float[] x = TestSignals.Sine(frequency, from, from); // 1 s, amplitude 0.5
        float[] y = new Resampler(from, to).Process(x);
        int edge = to / 20;
        double amp = TestSignals.ToneAmplitude(y, to, frequency, edge, y.Length - edge);
        Assert.InRange(amp, 0.495, 0.505);
        double peak = TestSignals.DominantFrequency(y.AsSpan(edge, y.Length - 2 * edge), to, frequency - 50, frequency + 50, 5);
        Assert.Equal(frequency, peak, 1);
    }

    [Fact]
    public void ToneAboveNewNyquist_IsSuppressedBy60dB()
    {
        // 12 kHz at 44.1 kHz would alias to 10.05 kHz at 22.05 kHz; default options must reject it by > 60 dB.
        foreach (double f in new[] { 12000.0, 15000.0, 20000.0 })
        {
            float[] x = TestSignals.Sine(f, 44100, 44100, amplitude: 1.0);
            float[] y = new Resampler(44100, 22050).Process(x);
            double rms = TestSignals.Rms(y, 1000, y.Length - 1000);
            Assert.True(rms < 1e-3 / Math.Sqrt(2), $"{f} Hz: alias RMS {rms}");
        }
    }

    [Fact]
    public void FastOptions_StillRejectFarAliasesBetterThan20dB()
    {
        float[] x = TestSignals.Sine(15000, 44100, 44100, amplitude: 1.0);
        float[] y = new Resampler(44100, 22050, ResamplerOptions.Fast).Process(x);
        double rms = TestSignals.Rms(y, 1000, y.Length - 1000);
        Assert.True(rms < 0.1 / Math.Sqrt(2), $"alias RMS {rms}");
    }

    [Fact]
    public void ThirtySecondsAt44100_ResamplesQuickly()
    {
        float[] x = TestSignals.Sine(440, 44100, 30 * 44100);
        var r = new Resampler(44100, 22050);
        r.Process(x.AsSpan(0, 44100));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        float[] y = r.Process(x);
        watch.Stop();
        Assert.Equal(30 * 22050, y.Length);
        // A regression guard only (shared CI cores, Debug build); the throughput figure is measured in Release.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(44100, 22050)]
    [InlineData(22050, 44100)]
    [InlineData(44100, 16000)]
    [InlineData(48000, 22050)]
    [InlineData(7, 3)]
    [InlineData(12345, 22050)]
    public void Length_IsCeilOfScaledLength(int from, int to)
    {
        var r = new Resampler(from, to);
        foreach (int n in new[] { 0, 1, 2, 3, 99, 100, 101, 4409, 44100, 44101 })
        {
            int expected = (int)(((long)n * to + from - 1) / from);
            Assert.Equal(expected, r.OutputLength(n));
            Assert.Equal(expected, r.Process(new float[n]).Length);
        }
    }

    [Fact]
    public void SameRate_IsIdentity()
    {
        float[] x = TestSignals.Sine(440, 22050, 1000);
        Assert.Equal(x, new Resampler(22050, 22050).Process(x));
    }

    [Fact]
    public void HugePhaseCount_ComputesKernelsOnTheFly_AndStillWorks()
    {
        // 1 536 000 -> 1 535 999 Hz has 1.5 M phases: too many to tabulate.
        float[] x = TestSignals.Sine(20000, 1_536_000, 8000);
        float[] y = new Resampler(1_536_000, 1_535_999).Process(x);
        Assert.Equal(8000, y.Length);
        double amp = TestSignals.ToneAmplitude(y, 1_535_999, 20000, 1000, y.Length - 1000);
        Assert.InRange(amp, 0.495, 0.505);
    }

    [Fact]
    public void Options_AreValidatedWhenSet()
    {
        Assert.Throws<InvalidOptionsException>(() => new ResamplerOptions { Rolloff = 0 });
        Assert.Throws<InvalidOptionsException>(() => new ResamplerOptions { Rolloff = 1.5 });
        Assert.Throws<InvalidOptionsException>(() => new ResamplerOptions { LowpassFilterWidth = 0 });
        Assert.Throws<InvalidOptionsException>(() => new ResamplerOptions { Beta = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(0, 22050));
        var o = new ResamplerOptions { LowpassFilterWidth = 16, Rolloff = 0.95 };
        Assert.Equal(16, o.LowpassFilterWidth);
    }

    [Fact]
    public void BesselI0_MatchesKnownValues()
    {
        // Relative error below 2e-7 against torch.special.i0 (float64).
        foreach ((double x, double i0) in new[] { (0.0, 1.0), (1.0, 1.2660658777520082), (3.7, 8.738617524169396), (3.8, 9.516888026098956), (10.0, 2815.716628466254), (14.769656459379492, 271903.6406814566) })
        {
            Assert.True(Math.Abs(Resampler.BesselI0(x) / i0 - 1) < 2e-7, $"I0({x}) = {Resampler.BesselI0(x)}");
        }
    }
}
