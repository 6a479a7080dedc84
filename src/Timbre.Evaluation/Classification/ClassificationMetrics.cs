namespace Timbre.Evaluation.Classification;

/// <summary>Precision, recall, F1 and support of one class (or an average over classes).</summary>
/// <param name="Precision">TP / (TP + FP); 0 when nothing was predicted as the class (scikit-learn zero_division = 0).</param>
/// <param name="Recall">TP / (TP + FN); 0 when the class has no samples.</param>
/// <param name="F1">Harmonic mean 2PR / (P + R); 0 when P + R = 0.</param>
/// <param name="Support">Number of true samples (for averages: all samples).</param>
public sealed record ClassScores(double Precision, double Recall, double F1, int Support);

/// <summary>
/// Single-label classification metrics as scikit-learn's classification_report with labels = 0..K−1: accuracy,
/// per-class precision/recall/F1/support, and macro, micro and support-weighted averages.
/// </summary>
/// <param name="Accuracy">Fraction of correct predictions.</param>
/// <param name="PerClass">Scores per class index.</param>
/// <param name="Macro">Unweighted mean of the per-class scores (every class counts, even without samples).</param>
/// <param name="Micro">Scores from the summed TP/FP/FN (equal to accuracy for single-label data).</param>
/// <param name="Weighted">Mean of the per-class scores weighted by support.</param>
public sealed record ClassificationMetrics(
    double Accuracy, IReadOnlyList<ClassScores> PerClass, ClassScores Macro, ClassScores Micro, ClassScores Weighted)
{
    /// <summary>Computes the metrics from true and predicted class indices.</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPredicted, int classCount) =>
        FromConfusion(ConfusionMatrix.Build(yTrue, yPredicted, classCount));

    /// <summary>Computes the metrics from a confusion matrix.</summary>
    public static ClassificationMetrics FromConfusion(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var k = matrix.ClassCount;
        var perClass = new ClassScores[k];
        int tpSum = 0, fpSum = 0, fnSum = 0;
        for (var c = 0; c < k; c++)
        {
            int tp = matrix.TruePositives(c), fp = matrix.FalsePositives(c), fn = matrix.FalseNegatives(c);
            tpSum += tp;
            fpSum += fp;
            fnSum += fn;
            perClass[c] = Scores(tp, fp, fn, matrix.Support(c));
        }

        var total = matrix.Total;
        var macro = new ClassScores(
            perClass.Average(s => s.Precision), perClass.Average(s => s.Recall), perClass.Average(s => s.F1), total);
        var micro = Scores(tpSum, fpSum, fnSum, total);
        var weighted = total == 0
            ? new ClassScores(0, 0, 0, 0)
            : new ClassScores(
                perClass.Sum(s => s.Precision * s.Support) / total,
                perClass.Sum(s => s.Recall * s.Support) / total,
                perClass.Sum(s => s.F1 * s.Support) / total,
                total);
        return new ClassificationMetrics(matrix.Accuracy(), perClass, macro, micro, weighted);
    }

    /// <summary>Scores from raw counts, with scikit-learn's zero_division = 0 convention.</summary>
    public static ClassScores Scores(int truePositives, int falsePositives, int falseNegatives, int support)
    {
        var p = truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives);
        var r = truePositives + falseNegatives == 0 ? 0 : (double)truePositives / (truePositives + falseNegatives);
        var f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new ClassScores(p, r, f, support);
    }
}
