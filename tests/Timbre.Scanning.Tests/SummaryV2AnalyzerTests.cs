using Timbre.Analyzers;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Dsp.Summary;

namespace Timbre.Scanning.Tests;

/// <summary>The summary analyzer at features version 2: identity, embedding sanity, version 1 part unchanged.</summary>
public sealed class SummaryV2AnalyzerTests
{
    private const int Sr = 22050;
    private readonly SummaryFeatureAnalyzer _v1 = new();
    private readonly SummaryFeatureAnalyzer _v2 = new(FeaturesVersion.V2);

    private static AudioBuffer Pulses(double bpm, double hz, double seconds = 6, int seed = 0)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * Sr)];
        var period = 60.0 / bpm * Sr;
        for (var i = 0; i < x.Length; i++)
        {
            var phase = i % period / Sr;
            x[i] = (float)(0.4 * Math.Exp(-phase / 0.05) * Math.Sin(2 * Math.PI * hz * i / Sr) + 0.01 * (random.NextDouble() - 0.5));
        }

        return new AudioBuffer(x, Sr);
    }

    [Fact]
    public void Identity_IsSummaryWithVersion2()
    {
        Assert.Equal(SummaryFeatureAnalyzer.Id, _v2.ModelId);
        Assert.Equal(2, _v2.FeatureVersion);
        Assert.Equal(1, _v1.FeatureVersion);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SummaryFeatureAnalyzer(3));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Version2Embedding_ExtendsVersion1AndStaysOrderOne()
    {
        var all = new List<float>();
        foreach (var audio in new[] { Pulses(90, 220), Pulses(128, 880, seed: 3), Pulses(150, 440, seed: 5) })
        {
            var v1 = _v1.Analyze(audio);
            var v2 = _v2.Analyze(audio);
            Assert.Equal(418, v2.Embedding.Length);
            Assert.Equal(418, v2.SummaryFeatures.Length);
            Assert.Equal(v1.SummaryFeatures, v2.SummaryFeatures[..357]);
            Assert.Equal(v1.Embedding, v2.Embedding[..357]);
            Assert.Equal(v2.Embedding, SummaryScales.Standardise(v2.SummaryFeatures));
            Assert.All(v2.Embedding, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= SummaryScales.Clamp));
            all.AddRange(v2.Embedding.Skip(357).Select(Math.Abs));
        }

        all.Sort();
        Assert.True(all[all.Count / 2] < 1.0, $"median |z| of the new dimensions = {all[all.Count / 2]}");
        Assert.True(all.Count(v => v >= SummaryScales.Clamp) < all.Count / 20, "over 5 % of the new dimensions clamped");
    }

    [Fact]
    public void Unstandardise_InvertsVersion2WithinTheClamp()
    {
        var summary = _v2.Analyze(Pulses(110, 330)).SummaryFeatures;
        var z = SummaryScales.Standardise(summary);
        var back = SummaryScales.Standardise(SummaryScales.Unstandardise(z));
        for (var i = 0; i < z.Length; i++)
        {
            Assert.Equal(z[i], back[i], 1e-4f);
        }

        var tempo = SummaryLayout.DimensionsV2.Single(d => d.Name == "tempo.bpm").Index;
        Assert.Equal(1f, SummaryScales.Standardise(WithTempo(summary, tempo, 240))[tempo], 1e-5f); // one octave above 120
    }

    [Fact]
    public void TooShortAudio_IsAnAnalysisException() =>
        Assert.Throws<AnalysisException>(() => _v2.Analyze(new AudioBuffer(new float[1000], Sr)));

    private static float[] WithTempo(float[] summary, int index, float bpm)
    {
        var copy = (float[])summary.Clone();
        copy[index] = bpm;
        return copy;
    }
}
