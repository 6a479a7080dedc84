namespace Timbre.Dsp.Tests;

/// <summary>Constant-Q transform, constant-Q chroma and CENS on signals whose answer is known.</summary>
public class ConstantQTests
{
    private const int Sr = 22050;

    private static float[] Tones(double seconds, double amplitude, params double[] hz) =>
        Enumerable.Range(0, (int)(seconds * Sr))
            .Select(i => (float)hz.Sum(f => amplitude * Math.Sin(2 * Math.PI * f * i / Sr)))
            .ToArray();

    private static double MidiHz(int midi) => 440.0 * Math.Pow(2, (midi - 69) / 12.0);

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());

    [Theory]
    [InlineData(69, 45)] // A4 = 440 Hz
    [InlineData(60, 36)] // C4
    [InlineData(36, 12)] // C2, six octaves of decimation below the top
    [InlineData(96, 72)] // C7, top octave (no decimation)
    [InlineData(107, 83)] // B7, top bin
    public void ToneAtBinFrequencyPeaksThereWithAnalyticMagnitude(int midi, int bin)
    {
        const double amplitude = 0.5;
        var cqt = new ConstantQ();
        var c = cqt.Compute(Tones(2.0, amplitude, MidiHz(midi)));
        Assert.Equal(84, c.Rows);
        var frame = c.Column(c.Cols / 2);
        Assert.Equal(bin, ArgMax(frame));

        // A unit-L1 filter on a sinusoid of amplitude A gives A/2, times l_k/√l_k = √l_k (scale=True). 1 % covers the
        // Hann sidelobe sum and the between-octave resampler's pass-band ripple.
        var expected = amplitude / 2 * Math.Sqrt(cqt.FilterLength(bin));
        Assert.InRange(frame[bin], expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void FilterLengthUsesLibrosaQ()
    {
        var o = new ConstantQOptions();
        var r2 = Math.Pow(2, 2.0 / 12);
        Assert.Equal((r2 - 1) / (r2 + 1), o.Alpha, 12);
        Assert.Equal(o.Q * Sr / 440.0, new ConstantQ().FilterLength(45), 9);
        Assert.Equal(440.0, o.Frequency(45), 9);
        Assert.Equal(ConstantQOptions.C1, MidiHz(24), 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(1000)]
    [InlineData(22050)]
    public void FrameCountIsOnePlusLengthOverHop(int n)
    {
        var cqt = new ConstantQ();
        Assert.Equal(1 + n / 512, cqt.FrameCount(n));
        Assert.Equal(1 + n / 512, cqt.Compute(new float[n]).Cols);
    }

    [Fact]
    public void CqtIsLinearInGain()
    {
        var x = Tones(1.0, 0.3, 220, 330, 1000);
        var quiet = x.Select(v => v * 0.1f).ToArray();
        var cqt = new ConstantQ();
        var a = cqt.Compute(x);
        var b = cqt.Compute(quiet);
        var peak = a.Data.Max();
        for (var i = 0; i < a.Data.Length; i++)
        {
            Assert.True(Math.Abs(a.Data[i] * 0.1 - b.Data[i]) <= 1e-5 * peak, $"element {i}: {a.Data[i]} vs {b.Data[i]}");
        }
    }

    [Fact]
    public void SilenceGivesZeros()
    {
        var c = new ConstantQ().Compute(new float[5000]);
        Assert.All(c.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ChromaMapFoldsThreeBinsAroundEachSemitone()
    {
        var chroma = new ChromaCqt();
        Assert.Equal(252, chroma.Options.Cqt.BinCount);
        for (var k = 0; k < 84; k++)
        {
            Assert.Equal(k % 12, chroma.ChromaOfBin(3 * k));
            Assert.Equal(k % 12, chroma.ChromaOfBin(3 * k + 1));
        }

        Assert.Equal(0, chroma.ChromaOfBin(35)); // a third of a semitone below C2 belongs to C
        Assert.Equal(1, chroma.ChromaOfBin(2));
    }

    [Theory]
    [InlineData(69, 9)]
    [InlineData(60, 0)]
    [InlineData(67, 7)]
    [InlineData(47, 11)]
    public void ChromaCqtOfToneIsOneAtItsPitchClass(int midi, int pitchClass)
    {
        var chroma = new ChromaCqt().Compute(Tones(2.0, 0.5, MidiHz(midi)));
        Assert.Equal(12, chroma.Rows);
        var frame = chroma.Column(chroma.Cols / 2);
        Assert.Equal(pitchClass, ArgMax(frame));
        Assert.Equal(1.0, frame[pitchClass], 6);
        Assert.All(frame, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void ChromaCqtOfCMajorTriadLightsCEG()
    {
        var chroma = new ChromaCqt().Compute(Tones(2.0, 0.3, MidiHz(60), MidiHz(64), MidiHz(67)));
        var frame = chroma.Column(chroma.Cols / 2);
        int[] triad = [0, 4, 7];
        foreach (var c in triad)
        {
            Assert.InRange(frame[c], 0.8f, 1.0f);
        }

        for (var c = 0; c < 12; c++)
        {
            if (!triad.Contains(c))
            {
                Assert.True(frame[c] < 0.4f, $"pitch class {c} = {frame[c]}");
            }
        }
    }

    [Fact]
    public void CensFramesHaveUnitNormAreNonNegativeAndGainInvariant()
    {
        var x = Tones(3.0, 0.3, MidiHz(60), MidiHz(64), MidiHz(67));
        var cens = new ChromaCens();
        var a = cens.Compute(x);
        var b = cens.Compute(x.Select(v => v * 0.1f).ToArray());
        Assert.Equal(12, a.Rows);
        Assert.Equal(1 + x.Length / 512, a.Cols);
        for (var t = 0; t < a.Cols; t++)
        {
            var col = a.Column(t);
            Assert.Equal(1.0, Math.Sqrt(col.Sum(v => (double)v * v)), 5);
            Assert.All(col, v => Assert.True(v >= 0));
        }

        for (var i = 0; i < a.Data.Length; i++)
        {
            Assert.Equal(a.Data[i], b.Data[i], 4);
        }

        // The steady triad quantises to equal weights on C, E, G: 1/√3 each in the middle of the signal.
        var mid = a.Column(a.Cols / 2);
        foreach (var c in new[] { 0, 4, 7 })
        {
            Assert.Equal(1 / Math.Sqrt(3), mid[c], 3);
        }
    }

    [Fact]
    public void CensSmoothingWindowIsLibrosas()
    {
        var w = ChromaCens.SmoothingWindow(41);
        Assert.Equal(43, w.Length);
        Assert.Equal(1.0, w.Sum(), 12);
        Assert.Equal(0.0, w[0], 15);
        Assert.Equal(0.0, w[42], 15);
        Assert.Equal(w.Max(), w[21]);
        for (var i = 0; i < 43; i++)
        {
            Assert.Equal(w[i], w[42 - i], 15);
        }
    }

    public static TheoryData<ConstantQOptions, string> BadCqtOptions => new()
    {
        { new ConstantQOptions { BinCount = 0 }, "n_bins" },
        { new ConstantQOptions { Fmin = 0 }, "fmin" },
        { new ConstantQOptions { Fmin = -10 }, "fmin" },
        { new ConstantQOptions { BinCount = 120 }, "Nyquist" },
        { new ConstantQOptions { HopLength = 0 }, "hop_length" },
        { new ConstantQOptions { BinsPerOctave = 0 }, "bins_per_octave" },
        { new ConstantQOptions { Sparsity = 1 }, "sparsity" },
    };

    [Theory]
    [MemberData(nameof(BadCqtOptions))]
    public void BadCqtOptionsAreRejectedWithAClearMessage(ConstantQOptions options, string mention)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new ConstantQ(options));
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void BadChromaOptionsAndEmptyInputAreRejected()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new ChromaCqt(new ChromaCqtOptions { NChroma = 5 }));
        Assert.Contains("multiple of n_chroma", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => new ChromaCens(new ChromaCensOptions { WinLenSmooth = 0 }));
        Assert.ThrowsAny<ArgumentException>(
            () => new ChromaCens(new ChromaCensOptions { Chroma = new ChromaCqtOptions { Cqt = new ConstantQOptions { BinCount = 0 } } }));
        var empty = Assert.ThrowsAny<ArgumentException>(() => new ConstantQ().Compute(ReadOnlySpan<float>.Empty));
        Assert.Contains("empty", empty.Message);
        Assert.ThrowsAny<ArgumentException>(() => new ChromaCens().Compute(ReadOnlySpan<float>.Empty));
    }
}
