using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Classification;

public class MultiLabelMetricsTests
{
    [Fact]
    public void MatchesScikitLearn()
    {
        var c = ReferenceData.Root.GetProperty("multiLabel");
        var y = c.GetProperty("yTrue").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32() == 1).ToArray()).ToArray();
        var s = c.Matrix("scores");
        var m = MultiLabelMetrics.Compute(y, s, c.Number("threshold"));
        ReferenceData.Close(c.Doubles("labelAccuracy"), m.PerLabel.Select(l => l.Accuracy).ToArray(), 1e-14, "accuracy");
        var per = c.GetProperty("perLabel");
        ReferenceData.Close(per.Doubles("precision"), m.PerLabel.Select(l => l.Precision).ToArray(), 1e-14, "precision");
        ReferenceData.Close(per.Doubles("recall"), m.PerLabel.Select(l => l.Recall).ToArray(), 1e-14, "recall");
        ReferenceData.Close(per.Doubles("f1"), m.PerLabel.Select(l => l.F1).ToArray(), 1e-14, "f1");
        Assert.Equal(per.Ints("support"), m.PerLabel.Select(l => l.Support).ToArray());
        ReferenceData.Close(c.Doubles("aucPerLabel"), m.PerLabel.Select(l => l.Auc).ToArray(), 1e-14, "auc");
        ReferenceData.Close(c.GetProperty("macro").Number("f1"), m.Macro.F1, 1e-14, "macro f1");
        ReferenceData.Close(c.GetProperty("micro").Number("f1"), m.Micro.F1, 1e-14, "micro f1");
        ReferenceData.Close(c.GetProperty("micro").Number("precision"), m.Micro.Precision, 1e-14, "micro precision");
        ReferenceData.Close(c.Number("hammingLoss"), m.HammingLoss, 1e-14, "hamming");
        ReferenceData.Close(c.Number("subsetAccuracy"), m.SubsetAccuracy, 1e-14, "subset");
        Assert.Equal(1 - m.HammingLoss, m.MeanLabelAccuracy, 1e-14);
    }

    [Fact]
    public void ThresholdIsStrict()
    {
        // Seed 001 decides class k when P > 0.5: a score of exactly 0.5 is a "no".
        var m = MultiLabelMetrics.Compute([[true], [false]], [[0.5], [0.5]]);
        Assert.Equal(0.5, m.PerLabel[0].Accuracy);
        Assert.Equal(0, m.PerLabel[0].Recall);
    }

    [Fact]
    public void OneHotMarksTheClass()
    {
        var rows = MultiLabelMetrics.OneHot([2, 0], 3);
        Assert.Equal([false, false, true], rows[0]);
        Assert.Equal([true, false, false], rows[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiLabelMetrics.OneHot([3], 3));
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute([[true]], [[0.2], [0.3]]));
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.Compute([[true, false]], [[0.2]]));
    }
}
