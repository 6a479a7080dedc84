namespace Timbre.Dsp.Tests;

/// <summary>MFCC deltas against scipy's savgol_filter (what librosa.feature.delta calls), Reference/make_v2_reference.py.</summary>
public class DeltaTests
{
    [Fact]
    public void DeltasMatchSavitzkyGolayInterpToFloatPrecision()
    {
        var json = V2Signals.Json;
        var input = json.GetProperty("deltaInput").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        var expected = json.GetProperty("delta").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var matrix = new FeatureMatrix(input.Length, input[0].Length, [.. input.SelectMany(r => r)]);

        // The script's matrix: sin(0.3·t·(r+1)) + 0.01·t²·(r−1), as float32.
        Assert.Equal((float)(Math.Sin(0.3 * 7 * 2) + 0.01 * 49 * 0), matrix[1, 7], 1e-6f);
        var delta = Deltas.Compute(matrix);
        for (var r = 0; r < matrix.Rows; r++)
        {
            for (var t = 0; t < matrix.Cols; t++)
            {
                Assert.Equal(expected[r][t], delta[r, t], 1e-5);
            }
        }
    }

    [Fact]
    public void DeltaOfALineIsItsSlopeEverywhere()
    {
        var line = new FeatureMatrix(1, 20, [.. Enumerable.Range(0, 20).Select(t => 3f - 0.5f * t)]);
        Assert.All(Deltas.Compute(line, new DeltaOptions { Width = 5 }).Data, v => Assert.Equal(-0.5f, v, 1e-6f));
    }

    [Fact]
    public void TooFewFramesOrABadWidthThrow()
    {
        var ex = Assert.Throws<ArgumentException>(() => Deltas.Compute(new FeatureMatrix(2, 8)));
        Assert.Contains("9 frames", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Deltas.Compute(new FeatureMatrix(2, 20), new DeltaOptions { Width = 4 }));
    }
}
