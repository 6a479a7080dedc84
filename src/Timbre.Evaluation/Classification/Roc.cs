namespace Timbre.Evaluation.Classification;

/// <summary>
/// A ROC curve: false positive rate, true positive rate and the score threshold of each point. The first point is
/// (0, 0) at threshold +∞, as scikit-learn ≥ 1.3's roc_curve.
/// </summary>
/// <param name="FalsePositiveRates">FPR per point, non-decreasing from 0 to 1.</param>
/// <param name="TruePositiveRates">TPR per point, non-decreasing from 0 to 1.</param>
/// <param name="Thresholds">Score threshold per point (predict positive when score ≥ threshold), decreasing.</param>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates, double[] Thresholds)
{
    /// <summary>Area under this curve (trapezoid rule).</summary>
    public double Auc() => Roc.Area(FalsePositiveRates, TruePositiveRates);
}

/// <summary>ROC curves and AUC with scikit-learn's semantics (roc_curve, auc, roc_auc_score).</summary>
public static class Roc
{
    /// <summary>
    /// ROC curve of binary labels against scores (scikit-learn roc_curve with pos_label = true). With
    /// <paramref name="dropIntermediate"/> collinear points are removed. When there are no positives (or no
    /// negatives) the TPR (or FPR) is NaN, as in scikit-learn.
    /// </summary>
    public static RocCurve Curve(IReadOnlyList<bool> yTrue, IReadOnlyList<double> scores, bool dropIntermediate = true)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        if (yTrue.Count != scores.Count)
        {
            throw new ArgumentException($"Labels and scores differ in length ({yTrue.Count} vs {scores.Count}).", nameof(scores));
        }

        if (yTrue.Count == 0)
        {
            throw new ArgumentException("Cannot build a ROC curve from no samples.", nameof(yTrue));
        }

        if (scores.Any(s => double.IsNaN(s)))
        {
            throw new ArgumentException("Scores must not be NaN.", nameof(scores));
        }

        // Stable sort by descending score.
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var tps = new List<double>();
        var fps = new List<double>();
        var thresholds = new List<double>();
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (yTrue[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            var isLastOfValue = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (isLastOfValue)
            {
                tps.Add(tp);
                fps.Add(fp);
                thresholds.Add(scores[order[k]]);
            }
        }

        if (dropIntermediate && fps.Count > 2)
        {
            var keep = new List<int> { 0 };
            for (var i = 1; i < fps.Count - 1; i++)
            {
                var fpCurvature = fps[i + 1] - 2 * fps[i] + fps[i - 1];
                var tpCurvature = tps[i + 1] - 2 * tps[i] + tps[i - 1];
                if (fpCurvature != 0 || tpCurvature != 0)
                {
                    keep.Add(i);
                }
            }

            keep.Add(fps.Count - 1);
            tps = keep.Select(i => tps[i]).ToList();
            fps = keep.Select(i => fps[i]).ToList();
            thresholds = keep.Select(i => thresholds[i]).ToList();
        }

        var n = tps.Count + 1;
        var fpr = new double[n];
        var tpr = new double[n];
        var thr = new double[n];
        thr[0] = double.PositiveInfinity;
        double totalFp = fps[^1], totalTp = tps[^1];
        for (var i = 1; i < n; i++)
        {
            fpr[i] = totalFp > 0 ? fps[i - 1] / totalFp : double.NaN;
            tpr[i] = totalTp > 0 ? tps[i - 1] / totalTp : double.NaN;
            thr[i] = thresholds[i - 1];
        }

        fpr[0] = totalFp > 0 ? 0 : double.NaN;
        tpr[0] = totalTp > 0 ? 0 : double.NaN;
        return new RocCurve(fpr, tpr, thr);
    }

    /// <summary>
    /// Area under a curve by the trapezoid rule (scikit-learn auc): x must be monotonic (either direction).
    /// </summary>
    public static double Area(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("Area needs x and y of the same length, at least 2 points.");
        }

        var increasing = true;
        var decreasing = true;
        for (var i = 1; i < x.Count; i++)
        {
            increasing &= x[i] >= x[i - 1];
            decreasing &= x[i] <= x[i - 1];
        }

        if (!increasing && !decreasing)
        {
            throw new ArgumentException("x is neither increasing nor decreasing; cannot integrate.", nameof(x));
        }

        var area = 0.0;
        for (var i = 1; i < x.Count; i++)
        {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }

        return increasing ? area : -area;
    }

    /// <summary>Binary ROC AUC (scikit-learn roc_auc_score); NaN when only one class is present.</summary>
    public static double AucScore(IReadOnlyList<bool> yTrue, IReadOnlyList<double> scores)
    {
        var curve = Curve(yTrue, scores);
        if (curve.TruePositiveRates.Any(double.IsNaN) || curve.FalsePositiveRates.Any(double.IsNaN))
        {
            return double.NaN;
        }

        return curve.Auc();
    }

    /// <summary>One-vs-rest ROC curve per class: class c's scores are column c of <paramref name="probabilities"/>.</summary>
    public static RocCurve[] OneVsRest(IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        CheckMulticlass(yTrue, probabilities, classCount);
        var curves = new RocCurve[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var cls = c;
            curves[c] = Curve(yTrue.Select(t => t == cls).ToArray(), probabilities.Select(r => r[cls]).ToArray());
        }

        return curves;
    }

    /// <summary>One-vs-rest AUC per class; NaN for a class that has no samples (or all samples).</summary>
    public static double[] OneVsRestAuc(IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        CheckMulticlass(yTrue, probabilities, classCount);
        var auc = new double[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var cls = c;
            auc[c] = AucScore(yTrue.Select(t => t == cls).ToArray(), probabilities.Select(r => r[cls]).ToArray());
        }

        return auc;
    }

    /// <summary>
    /// Macro one-vs-rest AUC (scikit-learn roc_auc_score(multi_class = "ovr", average = "macro")). Classes with an
    /// undefined AUC are left out of the mean (scikit-learn raises instead); NaN when none is defined.
    /// </summary>
    public static double MacroAucOvr(IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        var defined = OneVsRestAuc(yTrue, probabilities, classCount).Where(a => !double.IsNaN(a)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Average();
    }

    private static void CheckMulticlass(IReadOnlyList<int> yTrue, IReadOnlyList<IReadOnlyList<double>> probabilities, int classCount)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (yTrue.Count != probabilities.Count)
        {
            throw new ArgumentException($"Labels and probability rows differ in length ({yTrue.Count} vs {probabilities.Count}).");
        }

        Probabilities.Validate(probabilities, classCount);
        if (yTrue.Any(t => (uint)t >= (uint)classCount))
        {
            throw new ArgumentOutOfRangeException(nameof(yTrue), $"A label is outside [0, {classCount}).");
        }
    }
}
