using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Classification;

public class RocTests
{
    [Fact]
    public void ScikitLearnDocumentationExample()
    {
        // roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) from the scikit-learn docs.
        var curve = Roc.Curve([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
        Assert.Equal([0, 0, 0.5, 0.5, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], curve.TruePositiveRates);
        Assert.Equal([double.PositiveInfinity, 0.8, 0.4, 0.35, 0.1], curve.Thresholds);
        Assert.Equal(0.75, curve.Auc(), 1e-15);
    }

    [Fact]
    public void BinaryCurveWithTiesMatchesScikitLearn()
    {
        var c = ReferenceData.Root.GetProperty("binaryRoc");
        var y = c.Ints("yTrue").Select(v => v == 1).ToArray();
        var s = c.Doubles("scores");
        foreach (var (name, drop) in new[] { ("dropped", true), ("full", false) })
        {
            var curve = Roc.Curve(y, s, drop);
            var e = c.GetProperty(name);
            ReferenceData.Close(e.Doubles("fpr"), curve.FalsePositiveRates, 1e-15, name + " fpr");
            ReferenceData.Close(e.Doubles("tpr"), curve.TruePositiveRates, 1e-15, name + " tpr");
            ReferenceData.Close(e.Doubles("thresholds"), curve.Thresholds, 0, name + " thresholds");
        }

        ReferenceData.Close(c.Number("auc"), Roc.AucScore(y, s), 1e-14, "auc");
    }

    [Fact]
    public void OneVsRestMatchesScikitLearn()
    {
        var c = ReferenceData.Root.GetProperty("multiclass");
        var k = c.GetProperty("classCount").GetInt32();
        var y = c.Ints("yTrue");
        var p = c.Matrix("probabilities");
        var curves = Roc.OneVsRest(y, p, k);
        var expected = c.GetProperty("rocPerClass").EnumerateArray().ToArray();
        for (var cls = 0; cls < k; cls++)
        {
            ReferenceData.Close(expected[cls].Doubles("fpr"), curves[cls].FalsePositiveRates, 1e-14, $"class {cls} fpr");
            ReferenceData.Close(expected[cls].Doubles("tpr"), curves[cls].TruePositiveRates, 1e-14, $"class {cls} tpr");
            ReferenceData.Close(expected[cls].Doubles("thresholds"), curves[cls].Thresholds, 1e-15, $"class {cls} thr");
        }

        ReferenceData.Close(c.Doubles("aucPerClass"), Roc.OneVsRestAuc(y, p, k), 1e-14, "auc");
        ReferenceData.Close(c.Number("macroAucOvr"), Roc.MacroAucOvr(y, p, k), 1e-14, "macro auc");
    }

    [Fact]
    public void PerfectReversedAndConstantScores()
    {
        bool[] y = [false, false, true, true];
        Assert.Equal(1, Roc.AucScore(y, [0.1, 0.2, 0.8, 0.9]), 1e-15);
        Assert.Equal(0, Roc.AucScore(y, [0.9, 0.8, 0.2, 0.1]), 1e-15);
        Assert.Equal(0.5, Roc.AucScore(y, [0.5, 0.5, 0.5, 0.5]), 1e-15);
        Assert.True(double.IsNaN(Roc.AucScore([true, true], [0.3, 0.4])));
    }

    [Fact]
    public void CurveIsMonotonicFromOriginToCorner()
    {
        var rng = new Random(3);
        var y = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() < 0.3).ToArray();
        var s = y.Select(v => Math.Round(rng.NextDouble() + (v ? 0.4 : 0), 2)).ToArray();
        var curve = Roc.Curve(y, s);
        Assert.Equal((0.0, 0.0), (curve.FalsePositiveRates[0], curve.TruePositiveRates[0]));
        Assert.Equal((1.0, 1.0), (curve.FalsePositiveRates[^1], curve.TruePositiveRates[^1]));
        for (var i = 1; i < curve.Thresholds.Length; i++)
        {
            Assert.True(curve.FalsePositiveRates[i] >= curve.FalsePositiveRates[i - 1]);
            Assert.True(curve.TruePositiveRates[i] >= curve.TruePositiveRates[i - 1]);
            Assert.True(curve.Thresholds[i] < curve.Thresholds[i - 1]);
        }

        // Dropping collinear points never changes the area.
        Assert.Equal(Roc.Curve(y, s, dropIntermediate: false).Auc(), curve.Auc(), 1e-14);
        Assert.InRange(curve.Auc(), 0.6, 1.0);
    }

    [Fact]
    public void AreaAcceptsDecreasingXAndRejectsUnorderedX()
    {
        Assert.Equal(0.5, Roc.Area([1, 0], [0.5, 0.5]), 1e-15);
        Assert.Throws<ArgumentException>(() => Roc.Area([0, 1, 0.5], [0, 1, 1]));
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => Roc.Curve([true], [0.1, 0.2]));
        Assert.Throws<ArgumentException>(() => Roc.Curve([true, false], [0.1, double.NaN]));
        Assert.Throws<ArgumentException>(() => Roc.OneVsRest([0, 1], [[0.5, 0.5], [0.5]], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Roc.OneVsRest([0, 2], [[0.5, 0.5], [0.5, 0.5]], 2));
    }
}
