using Timbre.Dsp.Summary;

namespace Timbre.Dsp.Tests;

/// <summary>Summary version 2: version 1 kept bit for bit, layout invariants, one-pass values, bad input.</summary>
public class SummaryV2Tests
{
    private static readonly TrackSummary Summary = new();

    [Fact]
    public void Version2StartsWithVersion1BitForBit()
    {
        var music = ReferenceData.Signal("music");
        var v1 = Summary.Compute(music);
        var v2 = Summary.Compute(music, FeaturesVersion.V2);
        Assert.Equal(SummaryLayout.FeatureCountOf(2), v2.Length);
        Assert.Equal(v1, v2[..v1.Length]);
        Assert.Equal(v1, Summary.Compute(music, FeaturesVersion.V1));
        Assert.All(v2, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void LayoutNamesBlocksAndOrderAreConsistent()
    {
        var v1 = SummaryLayout.Dimensions;
        var v2 = SummaryLayout.ForVersion(2);
        Assert.Equal(357, v1.Count);
        Assert.Equal(418, v2.Count);
        Assert.Equal(v1, v2.Take(357));
        Assert.Equal(v2.Count, v2.Select(d => d.Name).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, v2.Count), v2.Select(d => d.Index));
        Assert.All(v2, d => Assert.Contains(d.Block, SummaryLayout.Blocks));
        Assert.All(v2, d => Assert.False(string.IsNullOrWhiteSpace(d.Description)));
        Assert.Equal(SummaryLayout.Blocks.Order(), v2.Select(d => d.Block).Distinct().Order());
        Assert.Equal("timbre", v2.Single(d => d.Name == "mfcc_delta[19].kurtosis").Block);
        Assert.Equal("harmony", v2.Single(d => d.Name == "key.clarity").Block);
        Assert.Equal("rhythm", v2.Single(d => d.Name == "tempo.bpm").Block);
        Assert.Equal("loudness", v2.Single(d => d.Name == "loudness.integrated").Block);
        Assert.Equal("loudness", v1.Single(d => d.Name == "rms.mean").Block);
        Assert.Equal("dynamics.crest", v2[^1].Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => SummaryLayout.ForVersion(3));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Version2ValuesLandInTheirSlots()
    {
        // 120 BPM clicks for 12 s: tempo, onset rate and loudness read back from the vector by name.
        var clicks = V2Signals.Clicks(120, 12);
        var features = Summary.ComputeTrackFeatures(clicks);
        var vector = TrackSummary.Summarize(features);
        float At(string name) => vector[SummaryLayout.DimensionsV2.Single(d => d.Name == name).Index];
        Assert.InRange(At("tempo.bpm"), 118, 122);
        Assert.InRange(At("onset_rate.per_second"), 1.8, 2.2);
        Assert.Equal(features.Loudness.IntegratedLufs, At("loudness.integrated"), 1e-4);
        Assert.Equal(features.Tempo.PeakStrength, At("beat_strength.peak"), 1e-6);
        Assert.True(At("flux.max") > 0.5, "clicks after silence make the flux jump");
    }

    [Fact]
    public void SilenceGivesFiniteNeutralValues()
    {
        var vector = Summary.Compute(new float[22050 * 3], FeaturesVersion.V2);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        float At(string name) => vector[SummaryLayout.DimensionsV2.Single(d => d.Name == name).Index];
        Assert.Equal(-70f, At("loudness.integrated"));
        Assert.Equal(0f, At("onset_rate.per_second"));
        Assert.Equal(0f, At("key.mode"));
        Assert.Equal(0f, At("key.tonic_sin"));
        Assert.Equal(0f, At("beat_strength.peak"));
    }

    [Fact]
    public void TooShortAudioIsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Summary.Compute(new float[2048], FeaturesVersion.V2));
        Assert.Contains("frames", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Summary.Compute(new float[22050], 0));
    }
}
