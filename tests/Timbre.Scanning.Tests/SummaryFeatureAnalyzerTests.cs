using Timbre.Analyzers;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Dsp.Summary;

namespace Timbre.Scanning.Tests;

public sealed class SummaryFeatureAnalyzerTests
{
    private const int Sr = 22050;
    private readonly SummaryFeatureAnalyzer _analyzer = new();

    private static AudioBuffer Tone(double f, double seconds = 2, double noise = 0.02, int seed = 0)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * Sr)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * f * i / Sr) + noise * (random.NextDouble() - 0.5));
        }

        return new AudioBuffer(x, Sr);
    }

    private static AudioBuffer Noise(double seconds = 2, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * Sr)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.6 * (random.NextDouble() - 0.5));
        }

        return new AudioBuffer(x, Sr);
    }

    [Fact]
    public void Identity_IsSummaryV1_At22050_WithoutGenres()
    {
        Assert.Equal("summary", _analyzer.ModelId);
        Assert.Equal(FeaturesVersion.Current, _analyzer.FeatureVersion);
        Assert.Equal(Sr, _analyzer.SampleRate);
        Assert.Empty(_analyzer.GenreLabels);
    }

    [Fact]
    public void Analyze_GivesStandardisedEmbedding_AndTheRawSummary()
    {
        var audio = Tone(440);
        var a = _analyzer.Analyze(audio);
        Assert.Equal(SummaryLayout.FeatureCount, a.Embedding.Length);
        Assert.Empty(a.GenreProbabilities);
        Assert.Equal(new TrackSummary(SummaryFeatureAnalyzer.SummaryOptions).Compute(audio.Samples), a.SummaryFeatures);
        Assert.All(a.Embedding, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= SummaryScales.Clamp));
    }

    [Fact]
    public void Scales_BringTypicalSignalsToOrderOne()
    {
        // Over tones, chords and noise, most standardised dimensions must be of order 1 (the point of the scales):
        // median |z| below 1 and under 5 % of values clamped.
        var all = new List<float>();
        foreach (var audio in new[] { Tone(110), Tone(440, noise: 0.3), Tone(2000), Noise(), Noise(seed: 7) })
        {
            all.AddRange(_analyzer.Analyze(audio).Embedding.Select(Math.Abs));
        }

        all.Sort();
        Assert.True(all[all.Count / 2] < 1.0, $"median |z| = {all[all.Count / 2]}");
        var clamped = all.Count(v => v >= SummaryScales.Clamp) / (double)all.Count;
        Assert.True(clamped < 0.05, $"{clamped:P1} clamped");
    }

    [Fact]
    public void SimilarSoundsAreCloserThanDifferentOnes()
    {
        var a = _analyzer.Analyze(Tone(440, seed: 1)).Embedding;
        var b = _analyzer.Analyze(Tone(466, seed: 2)).Embedding;
        var n = _analyzer.Analyze(Noise()).Embedding;
        var near = Cosine(a, b);
        var far = Cosine(a, n);
        Assert.True(near > far + 0.2, $"cos(tone, tone) {near} vs cos(tone, noise) {far}");
    }

    private static double Cosine(float[] x, float[] y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * (double)y[i];
            xx += x[i] * (double)x[i];
            yy += y[i] * (double)y[i];
        }

        return dot / Math.Sqrt(xx * yy);
    }

    [Fact]
    public void TooShortOrWrongRate_IsAnAnalysisException()
    {
        Assert.Throws<AnalysisException>(() => _analyzer.Analyze(new AudioBuffer(new float[1000], Sr)));
        Assert.Throws<AnalysisException>(() => _analyzer.Analyze(new AudioBuffer(new float[Sr], 16000)));
    }

    [Fact]
    public void Standardise_RejectsAWrongLength() =>
        Assert.Throws<ArgumentException>(() => SummaryScales.Standardise(new float[10]));
}
