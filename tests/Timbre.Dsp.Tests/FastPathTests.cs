using Timbre.Dsp.Fft;
using Timbre.Dsp.Summary;

namespace Timbre.Dsp.Tests;

/// <summary>
/// The vectorised and selection-based paths of the summary features give what their plain definitions give: the
/// same bits where the operations are the same (median, crossings, windowed FFT), and the same value within double
/// rounding where only the summation order differs (flatness), including inputs that leave the fast path.
/// </summary>
public sealed class FastPathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void MedianBySelectionEqualsSortedMedian(int n)
    {
        var rng = new Random(n);
        for (var trial = 0; trial < 20; trial++)
        {
            // Few distinct values on some trials, so ties and runs of equal pivots are exercised.
            var distinct = trial % 2 == 0 ? 5 : 1_000_000;
            var values = Enumerable.Range(0, n).Select(_ => (float)(rng.Next(distinct) - distinct / 2) / 7f).ToArray();
            var sorted = values.Order().ToArray();
            var expected = n % 2 == 1 ? sorted[n / 2] : (float)(0.5 * ((double)sorted[n / 2 - 1] + sorted[n / 2]));
            var output = new float[7];
            TrackSummary.Statistics(values, output);
            Assert.Equal(expected, output[4]);
        }
    }

    [Fact]
    public void MedianWithNaNIsTheSortedMedian()
    {
        float[] values = [3f, float.NaN, 1f, 2f, 5f];
        var output = new float[7];
        TrackSummary.Statistics(values, output);
        Assert.Equal(2f, output[4]); // sorted: NaN, 1, 2, 3, 5
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-10)]
    [InlineData(0.25)]
    public void VectorisedCrossingsEqualTheSignClassDefinition(double threshold)
    {
        var rng = new Random(7);
        var limit = TimeDomainFeatures.FloatAtMost(threshold);
        float[] specials = [0f, -0f, (float)1e-10, -(float)1e-10, limit, -limit, MathF.BitIncrement(limit), -MathF.BitIncrement(limit), float.NaN, -float.NaN, 0.25f, -0.25f];
        foreach (var length in new[] { 2, 7, 8, 9, 31, 2048 })
        {
            var frame = Enumerable.Range(0, length)
                .Select(_ => rng.Next(3) == 0 ? specials[rng.Next(specials.Length)] : (float)(rng.NextDouble() - 0.5))
                .ToArray();
            var expected = 0;
            for (var i = 1; i < length; i++)
            {
                expected += Negative(frame[i - 1], threshold) != Negative(frame[i], threshold) ? 1 : 0;
            }

            Assert.Equal(expected, TimeDomainFeatures.Crossings(frame, limit));
        }
    }

    [Fact]
    public void FlatnessIsScaleFreeWhenProductsLeaveTheDoubleRange()
    {
        // White noise: every bin far above the 1e-10 floor; scaled by 1e17 (the power spectrum is float, so |X|² must
        // stay below 3.4e38) the flatness must not change.
        var rng = new Random(3);
        var x = Enumerable.Range(0, 22050).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var loud = x.Select(v => v * 1e17f).ToArray();
        var features = new SpectralFeatures();
        var a = features.Compute(x).Flatness;
        var b = features.Compute(loud).Flatness;
        for (var t = 0; t < a.Length; t++)
        {
            Assert.True(float.IsFinite(b[t]), $"frame {t}: flatness {b[t]}");
            Assert.Equal(a[t], b[t], 1e-4f);
        }

        // A floor of 1e38 puts every product of 8 bins far beyond double's range: the one-log-per-bin fallback must
        // give the flatness of a flat spectrum, 1.
        var floored = new SpectralFeatures(new SpectralOptions { FlatnessAmin = 1e38 }).Compute(x).Flatness;
        Assert.All(floored, v => Assert.Equal(1f, v, 1e-5f));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(2048)]
    [InlineData(8192)]
    public void WindowedForwardEqualsForwardOfTheWindowedFrame(int n)
    {
        var rng = new Random(n);
        var frame = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var window = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var fft = new RealFft(n);
        var (re1, im1) = (new double[fft.BinCount], new double[fft.BinCount]);
        var (re2, im2) = (new double[fft.BinCount], new double[fft.BinCount]);
        fft.ForwardWindowed(frame, window, re1, im1);
        fft.Forward(frame.Select((v, i) => v * window[i]).ToArray(), re2, im2);
        Assert.Equal(re2, re1);
        Assert.Equal(im2, im1);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(7, 80.0)]
    [InlineData(513, 80.0)]
    [InlineData(1500, 30.0)]
    [InlineData(1500, null)]
    public void VectorisedDecibelsEqualTheScalarDefinition(int n, double? topDb)
    {
        // power_to_db: 10·log10(max(amin, v)) − 10·log10(max(amin, ref)), then floored at (peak − top_db); NaN stays NaN.
        var rng = new Random(n);
        var values = Enumerable.Range(0, n).Select(i => i % 97 == 5 ? 0f : (float)Math.Exp(rng.NextDouble() * 40 - 30)).ToArray();
        if (n > 100)
        {
            values[n / 2] = float.NaN;
        }

        var options = new DecibelOptions { TopDb = topDb, RefValue = 2.5 };
        var offset = 10.0 * Math.Log10(Math.Max(options.Amin, options.RefValue));
        var expected = values.Select(v => 10.0 * Math.Log10(Math.Max(options.Amin, (double)v)) - offset).ToArray();
        var peak = expected.Aggregate(double.NegativeInfinity, Math.Max);
        var floor = topDb is { } top ? (float)(peak - top) : float.NegativeInfinity;
        var actual = (float[])values.Clone();
        Decibels.PowerToDbInPlace(actual, options);
        for (var i = 0; i < n; i++)
        {
            var e = (float)expected[i];
            e = e < floor ? floor : e;
            if (float.IsNaN(e))
            {
                Assert.True(float.IsNaN(actual[i]), $"value {i}: {actual[i]}, expected NaN");
                continue;
            }

            // The vector log10 is within an ulp of Math.Log10 in double; after rounding to float at most one float ulp apart.
            Assert.True(Math.Abs(actual[i] - e) <= Math.Max(MathF.BitIncrement(Math.Abs(e)) - Math.Abs(e), 1e-6f), $"value {i}: {actual[i]} vs {e}");
        }
    }

    [Fact]
    public void FlatnessEqualsItsDefinition()
    {
        // flatness = exp(mean log max(amin, S²)) / mean max(amin, S²), per frame, with one plain log per bin.
        var rng = new Random(11);
        var x = Enumerable.Range(0, 8192).Select(i => (float)(Math.Sin(i * 0.05) + 0.01 * (rng.NextDouble() - 0.5))).ToArray();
        var stft = new Stft();
        var power = stft.Power(x);
        var flatness = new SpectralFeatures().Compute(x).Flatness;
        for (var t = 0; t < power.Cols; t++)
        {
            double logSum = 0, linSum = 0;
            for (var k = 0; k < power.Rows; k++)
            {
                var q = Math.Max(1e-10, (double)power.Data[k * power.Cols + t]);
                logSum += Math.Log(q);
                linSum += q;
            }

            var expected = Math.Exp(logSum / power.Rows) / (linSum / power.Rows);
            Assert.Equal(expected, flatness[t], Math.Max(1e-6 * expected, 1e-12));
        }
    }

    /// <summary>The scalar definition: |x| ≤ threshold is zero (when threshold &gt; 0), zero counts as positive.</summary>
    private static bool Negative(float x, double threshold)
    {
        if (threshold > 0 && Math.Abs(x) <= threshold)
        {
            x = 0f;
        }

        return float.IsNegative(x);
    }
}
