using Timbre.Dsp.Tonality;

namespace Timbre.Dsp.Tests;

/// <summary>Krumhansl–Schmuckler key estimation on additive-synthesis chord progressions and scales.</summary>
public class KeyTests
{
    private static readonly Chroma Chroma = new();
    private static readonly KeyEstimator Estimator = new();

    private static int[] Triad(int root, bool minor) => [root, root + (minor ? 3 : 4), root + 7];

    private static KeyEstimate KeyOf(IReadOnlyList<int[]> chords) => Estimator.Estimate(Chroma.Compute(V2Signals.Chords(chords)));

    [Theory]
    [InlineData(60, "C major")] // C
    [InlineData(63, "Eb major")]
    [InlineData(66, "F# major")]
    [InlineData(55, "G major")]
    public void MajorCadenceIFindsItsTonic(int tonic, string expected)
    {
        // I – IV – V – I.
        var key = KeyOf([Triad(tonic, false), Triad(tonic + 5, false), Triad(tonic + 7, false), Triad(tonic, false)]);
        Assert.Equal(expected, key.ToString());
        Assert.True(key.Clarity > 0.6, $"clarity {key.Clarity}");
    }

    [Theory]
    [InlineData(57, "A minor")]
    [InlineData(62, "D minor")]
    [InlineData(64, "E minor")]
    public void MinorCadenceFindsItsTonic(int tonic, string expected)
    {
        // i – iv – V – i (harmonic minor's major dominant).
        var key = KeyOf([Triad(tonic, true), Triad(tonic + 5, true), Triad(tonic + 7, false), Triad(tonic, true)]);
        Assert.Equal(expected, key.ToString());
    }

    [Fact]
    public void ScalesFindTheirKey()
    {
        int[] majorSteps = [0, 2, 4, 5, 7, 9, 11, 12, 0, 4, 7, 0];
        int[] minorSteps = [0, 2, 3, 5, 7, 8, 11, 12, 0, 3, 7, 0]; // harmonic minor, then the tonic triad
        Assert.Equal("C major", KeyOf([.. majorSteps.Select(s => new[] { 60 + s })]).ToString());
        Assert.Equal("Eb major", KeyOf([.. majorSteps.Select(s => new[] { 63 + s })]).ToString());
        Assert.Equal("A minor", KeyOf([.. minorSteps.Select(s => new[] { 57 + s })]).ToString());
    }

    [Fact]
    public void AProfileItselfHasClarityOne()
    {
        var profile = KeyOptions.KrumhanslKesslerMinor.ToArray();
        var rotated = Enumerable.Range(0, 12).Select(p => profile[((p - 9) % 12 + 12) % 12]).ToArray();
        var key = Estimator.Estimate(rotated);
        Assert.Equal((9, KeyMode.Minor), (key.Tonic, key.Mode));
        Assert.Equal(1.0, key.Clarity, 1e-12);
    }

    [Fact]
    public void FlatChromaHasNoKeyAndTheTonicSitsOnTheCircleOfFifths()
    {
        var none = Estimator.Estimate(new FeatureMatrix(12, 5));
        Assert.Equal(KeyMode.None, none.Mode);
        Assert.Equal(0, none.Clarity);
        Assert.Equal(Math.PI / 6, new KeyEstimate(7, KeyMode.Major, 1).FifthsAngle, 1e-12); // G next to C
        Assert.Equal(-Math.PI / 6 + 2 * Math.PI, new KeyEstimate(5, KeyMode.Major, 1).FifthsAngle, 1e-12); // F on C's other side
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => Estimator.Estimate(new FeatureMatrix(11, 3)));
        Assert.Throws<ArgumentException>(() => new KeyEstimator(new KeyOptions { MajorProfile = [1, 2, 3] }));
    }
}
