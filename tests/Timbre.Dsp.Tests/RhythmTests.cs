using Timbre.Dsp.Rhythm;

namespace Timbre.Dsp.Tests;

/// <summary>Tempo, beat strength, onsets, onset strength and spectral flux on signals whose answer is known.</summary>
public class RhythmTests
{
    private const int Sr = 22050;
    private const int Hop = 512;
    private const double FrameRate = (double)Sr / Hop;

    private static readonly MelSpectrogram Mel = new();

    internal static float[] Envelope(float[] samples) => OnsetStrength.FromLogMel(Mel.ComputeDb(samples), 2048, Hop);

    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    [InlineData(150)]
    [InlineData(104)]
    public void ClickTrainTempoIsItsBpm(double bpm)
    {
        var tempo = new TempoEstimator().Estimate(Envelope(V2Signals.Clicks(bpm)), FrameRate);
        Assert.InRange(tempo.Bpm, bpm - 2, bpm + 2);
        Assert.True(tempo.PeakStrength > 0.5, $"peak {tempo.PeakStrength}");
        Assert.True(tempo.PeakContrast > 0.2, $"contrast {tempo.PeakContrast}");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(128)]
    public void DrumPatternTempoIsTheQuarterNote(double bpm)
    {
        var tempo = new TempoEstimator().Estimate(Envelope(V2Signals.Drums(bpm)), FrameRate);
        Assert.InRange(tempo.Bpm, bpm - 2, bpm + 2);
    }

    [Fact]
    public void StrideFourGivesTheSameTempoAsEveryFrame()
    {
        var envelope = Envelope(V2Signals.Clicks(120));
        var every = new TempoEstimator().Estimate(envelope, FrameRate);
        var strided = new TempoEstimator(new TempoOptions { Stride = 4 }).Estimate(envelope, FrameRate);
        Assert.Equal(every.Bpm, strided.Bpm, 0.5);
        Assert.Equal(every.PeakStrength, strided.PeakStrength, 0.02);
    }

    [Fact]
    public void SteadyNoiseHasAWeakerBeatThanClicks()
    {
        // The envelope of noise is positive but aperiodic: its autocorrelation is flat (high everywhere, as the
        // envelope's mean is not removed, like librosa), so the contrast of the peak is what tells them apart.
        var noise = new TempoEstimator().Estimate(Envelope([.. V2Signals.White(Sr * 20, 3).Select(v => (float)(0.3 * v))]), FrameRate);
        var clicks = new TempoEstimator().Estimate(Envelope(V2Signals.Clicks(120)), FrameRate);
        Assert.True(noise.PeakContrast < 0.1, $"noise contrast {noise.PeakContrast} (peak {noise.PeakStrength})");
        Assert.True(noise.PeakContrast < clicks.PeakContrast - 0.2, $"noise {noise.PeakContrast} vs clicks {clicks.PeakContrast}");
    }

    [Fact]
    public void SilenceGivesThePriorsTempoAndNoBeat()
    {
        var tempo = new TempoEstimator().Estimate(new float[2000], FrameRate);
        Assert.Equal(0, tempo.PeakStrength);
        Assert.InRange(tempo.Bpm, 115, 125);
        Assert.Empty(OnsetDetection.Detect(new float[2000], FrameRate));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(4.0)]
    [InlineData(6.0)]
    public void ToneBurstOnsetsAreCountedAndPlaced(double perSecond)
    {
        // 100 ms bursts of 440 Hz (sharp attack, 20 ms raised-cosine release so the end makes no click), separated by
        // silence: one onset each, within a frame and a half of the burst start.
        const double Seconds = 10;
        var x = new float[(int)(Seconds * Sr)];
        var starts = new List<int>();
        for (var b = 0; b < Seconds * perSecond; b++)
        {
            var start = (int)(b / perSecond * Sr) + 1000;
            starts.Add(start);
            var length = (int)(0.1 * Sr);
            var release = (int)(0.02 * Sr);
            for (var i = 0; i < length && start + i < x.Length; i++)
            {
                var gain = i < length - release ? 1.0 : 0.5 + 0.5 * Math.Cos(Math.PI * (i - (length - release)) / release);
                x[start + i] = (float)(0.5 * gain * Math.Sin(2 * Math.PI * 440 * i / Sr));
            }
        }

        var onsets = OnsetDetection.Detect(Envelope(x), FrameRate);
        Assert.Equal(starts.Count, onsets.Length);
        for (var i = 0; i < onsets.Length; i++)
        {
            Assert.InRange(onsets[i] * Hop - starts[i], -Hop * 1.5, Hop * 1.5);
        }
    }

    [Fact]
    public void OnsetStrengthIsTheMeanPositiveLogMelRiseShiftedByLagPlusCentre()
    {
        // A hand-made 2-band log-mel matrix: band 0 rises 10 dB at frame 5, band 1 rises 4 dB at 5 and falls at 7.
        var logMel = new FeatureMatrix(2, 12);
        for (var t = 0; t < 12; t++)
        {
            logMel[0, t] = t >= 5 ? -20 : -30;
            logMel[1, t] = t is 5 or 6 ? -36 : -40;
        }

        var envelope = OnsetStrength.FromLogMel(logMel, 2048, 512);

        // librosa: diff at t is S[t] − S[t−1], placed at t + n_fft/(2·hop) = t + 2.
        var expected = new float[12];
        expected[5 + 2] = (10 + 4) / 2f;
        Assert.Equal(expected, envelope);
    }

    [Fact]
    public void FluxIsZeroForASteadyToneAndRootTwoForASwitchBetweenDisjointSpectra()
    {
        var power = new FeatureMatrix(4, 6);
        for (var t = 0; t < 6; t++)
        {
            power[t < 3 ? 0 : 3, t] = t < 3 ? 9f : 0.25f; // the level does not matter, only the shape
        }

        var flux = SpectralFlux.Compute(power).Data;
        Assert.Equal(0f, flux[0]);
        Assert.Equal(0f, flux[1], 1e-6f);
        Assert.Equal((float)Math.Sqrt(2), flux[3], 1e-6f);
        Assert.Equal(0f, flux[5], 1e-6f);
        var toSilence = SpectralFlux.Compute(new FeatureMatrix(2, 2, [1f, 0f, 1f, 0f])).Data;
        Assert.Equal(1f, toSilence[1], 1e-6f);
    }

    [Fact]
    public void FluxOfASteadySineIsNearZero()
    {
        var steady = SpectralFlux.Compute(Mel.Compute(AnalyticTests.Tone(440))).Data;
        Assert.All(steady.Skip(5).SkipLast(5), v => Assert.True(v < 1e-3, $"steady flux {v}"));
    }

    [Fact]
    public void BadOptionsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TempoEstimator(new TempoOptions { WindowFrames = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TempoEstimator(new TempoOptions { Stride = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnsetDetection.Detect([1f, 2f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnsetStrength.FromLogMel(new FeatureMatrix(1, 1), 2048, 512, new OnsetStrengthOptions { Lag = 0 }));
    }
}
