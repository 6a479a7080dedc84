using Timbre.Evaluation.Classification;

namespace Timbre.Evaluation.Tests.Classification;

public class TrackAggregationTests
{
    [Fact]
    public void AveragesClipsPerTrackAndTakesArgmax()
    {
        string[] ids = ["a", "b", "a", "a", "b"];
        double[][] p = [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6], [0.6, 0.4]];
        int[] labels = [0, 1, 0, 0, 1];
        var t = TrackAggregation.MeanByTrack(ids, p, labels);
        Assert.Equal(["a", "b"], t.TrackIds);
        Assert.Equal(1.6 / 3, t.Probabilities[0][0], 1e-15);
        Assert.Equal(0.6, t.Probabilities[1][1], 1e-15);
        Assert.Equal([0, 1], t.Labels);
        Assert.Equal([0, 1], t.Predicted);   // track a is right although 2 of its 3 clips are wrong
    }

    [Fact]
    public void MixedLabelsWithinATrackThrow()
    {
        Assert.Throws<ArgumentException>(() =>
            TrackAggregation.MeanByTrack(["a", "a"], [[0.5, 0.5], [0.5, 0.5]], [0, 1]));
        Assert.Throws<ArgumentException>(() => TrackAggregation.MeanByTrack(["a"], [[0.5, 0.5]], [0, 1]));
    }

    [Fact]
    public void ArgMaxTakesFirstOnTies()
    {
        Assert.Equal([1, 0], Probabilities.ArgMax([[0.1, 0.5, 0.5], [0.3, 0.3, 0.3]]));
        Assert.Equal([[1.0, 2.0], [3.0, 4.0]], Probabilities.FromRowMajor([1f, 2f, 3f, 4f], 2));
        Assert.Throws<ArgumentException>(() => Probabilities.FromRowMajor([1f, 2f, 3f], 2));
    }
}
