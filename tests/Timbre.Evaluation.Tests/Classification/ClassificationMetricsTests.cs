using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Classification;

public class ClassificationMetricsTests
{
    [Fact]
    public void HandComputedCase()
    {
        int[] truth = [0, 0, 1, 1, 2];
        int[] predicted = [0, 1, 1, 1, 0];
        var cm = ConfusionMatrix.Build(truth, predicted, 3);
        Assert.Equal([[1, 1, 0], [0, 2, 0], [1, 0, 0]], cm.ToRows());

        var m = ClassificationMetrics.FromConfusion(cm);
        Assert.Equal(0.6, m.Accuracy, 1e-15);
        Assert.Equal(new ClassScores(0.5, 0.5, 0.5, 2), m.PerClass[0]);
        Assert.Equal(2.0 / 3, m.PerClass[1].Precision, 1e-15);
        Assert.Equal(1, m.PerClass[1].Recall, 1e-15);
        Assert.Equal(0.8, m.PerClass[1].F1, 1e-15);
        Assert.Equal(new ClassScores(0, 0, 0, 1), m.PerClass[2]);   // never predicted: zero_division = 0
        Assert.Equal((0.5 + 2.0 / 3) / 3, m.Macro.Precision, 1e-15);
        Assert.Equal(0.5, m.Macro.Recall, 1e-15);
        Assert.Equal(1.3 / 3, m.Macro.F1, 1e-15);
        Assert.Equal(0.6, m.Micro.F1, 1e-15);
        Assert.Equal((0.5 * 2 + 0.8 * 2) / 5, m.Weighted.F1, 1e-15);
    }

    [Theory]
    [InlineData("multiclass")]
    [InlineData("zeroDivision")]
    public void MatchesScikitLearn(string caseName)
    {
        var c = ReferenceData.Root.GetProperty(caseName);
        var k = c.GetProperty("classCount").GetInt32();
        var cm = ConfusionMatrix.Build(c.Ints("yTrue"), c.Ints("yPred"), k);
        var expectedCm = c.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(expectedCm, cm.ToRows());

        var m = ClassificationMetrics.FromConfusion(cm);
        ReferenceData.Close(c.Number("accuracy"), m.Accuracy, 1e-14, "accuracy");
        var per = c.GetProperty("perClass");
        ReferenceData.Close(per.Doubles("precision"), m.PerClass.Select(s => s.Precision).ToArray(), 1e-14, "precision");
        ReferenceData.Close(per.Doubles("recall"), m.PerClass.Select(s => s.Recall).ToArray(), 1e-14, "recall");
        ReferenceData.Close(per.Doubles("f1"), m.PerClass.Select(s => s.F1).ToArray(), 1e-14, "f1");
        Assert.Equal(per.Ints("support"), m.PerClass.Select(s => s.Support).ToArray());
        foreach (var (name, scores) in new[] { ("macro", m.Macro), ("micro", m.Micro), ("weighted", m.Weighted) })
        {
            var e = c.GetProperty(name);
            ReferenceData.Close(e.Number("precision"), scores.Precision, 1e-14, name + " precision");
            ReferenceData.Close(e.Number("recall"), scores.Recall, 1e-14, name + " recall");
            ReferenceData.Close(e.Number("f1"), scores.F1, 1e-14, name + " f1");
        }
    }

    [Fact]
    public void MicroAveragesEqualAccuracyForSingleLabelData()
    {
        var rng = new Random(7);
        var truth = Enumerable.Range(0, 200).Select(_ => rng.Next(5)).ToArray();
        var predicted = truth.Select(t => rng.NextDouble() < 0.6 ? t : rng.Next(5)).ToArray();
        var m = ClassificationMetrics.Compute(truth, predicted, 5);
        Assert.Equal(m.Accuracy, m.Micro.Precision, 1e-14);
        Assert.Equal(m.Accuracy, m.Micro.Recall, 1e-14);
        Assert.Equal(m.Accuracy, m.Micro.F1, 1e-14);
        Assert.Equal(200, m.PerClass.Sum(s => s.Support));
        Assert.All(m.PerClass, s => Assert.InRange(s.F1, Math.Min(s.Precision, s.Recall), Math.Max(s.Precision, s.Recall)));
    }

    [Fact]
    public void ConfusionMatrixCountsAndNormalisation()
    {
        var cm = ConfusionMatrix.FromCounts([[3, 1], [0, 0]]);
        Assert.Equal(4, cm.Total);
        Assert.Equal(1, cm.FalseNegatives(0));
        Assert.Equal(1, cm.FalsePositives(1));
        Assert.Equal([[0.75, 0.25], [0.0, 0.0]], cm.RowNormalized());
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Build([0, 1], [0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.Build([0, 2], [0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.Build([0, -1], [0, 1], 2));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromCounts([[1, 2], [3]]));
    }
}
