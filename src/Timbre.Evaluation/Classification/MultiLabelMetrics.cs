namespace Timbre.Evaluation.Classification;

/// <summary>Scores of one label of a multi-label (sigmoid) classifier at a fixed threshold.</summary>
/// <param name="Accuracy">Fraction of samples where (score &gt; threshold) equals the label (seed 001's metric).</param>
/// <param name="Precision">Precision of the label's positive decisions (0 when none).</param>
/// <param name="Recall">Recall of the label (0 when it never occurs).</param>
/// <param name="F1">F1 of the label.</param>
/// <param name="Support">Number of samples carrying the label.</param>
/// <param name="Auc">ROC AUC of the label's scores; NaN when the label is always or never present.</param>
public sealed record LabelScores(double Accuracy, double Precision, double Recall, double F1, int Support, double Auc);

/// <summary>
/// Multi-label metrics for sigmoid outputs, decided per label with score &gt; threshold (seed 001: 0.5). Matches
/// scikit-learn's per-column accuracy_score, precision_recall_fscore_support, hamming_loss, accuracy_score (subset)
/// and roc_auc_score(average = None).
/// </summary>
/// <param name="Threshold">Decision threshold used.</param>
/// <param name="PerLabel">Scores per label.</param>
/// <param name="SubsetAccuracy">Fraction of samples whose whole label set is predicted exactly.</param>
/// <param name="HammingLoss">Fraction of wrong (sample, label) decisions.</param>
/// <param name="MeanLabelAccuracy">Mean of the per-label accuracies (= 1 − Hamming loss).</param>
/// <param name="Macro">Unweighted mean of per-label precision/recall/F1.</param>
/// <param name="Micro">Precision/recall/F1 from TP/FP/FN summed over labels.</param>
public sealed record MultiLabelMetrics(
    double Threshold,
    IReadOnlyList<LabelScores> PerLabel,
    double SubsetAccuracy,
    double HammingLoss,
    double MeanLabelAccuracy,
    ClassScores Macro,
    ClassScores Micro)
{
    /// <summary>Computes the metrics from label indicator rows and score rows of the same shape.</summary>
    public static MultiLabelMetrics Compute(
        IReadOnlyList<IReadOnlyList<bool>> yTrue, IReadOnlyList<IReadOnlyList<double>> scores, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        if (yTrue.Count == 0 || yTrue.Count != scores.Count)
        {
            throw new ArgumentException("Multi-label metrics need the same non-zero number of label and score rows.");
        }

        var labelCount = yTrue[0].Count;
        if (labelCount == 0 || yTrue.Any(r => r.Count != labelCount))
        {
            throw new ArgumentException("Every label row must have the same, non-zero length.", nameof(yTrue));
        }

        Probabilities.Validate(scores, labelCount);
        var n = yTrue.Count;
        var perLabel = new LabelScores[labelCount];
        int tpSum = 0, fpSum = 0, fnSum = 0, wrong = 0;
        for (var l = 0; l < labelCount; l++)
        {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < n; i++)
            {
                var predicted = scores[i][l] > threshold;
                var actual = yTrue[i][l];
                if (predicted && actual)
                {
                    tp++;
                }
                else if (predicted)
                {
                    fp++;
                }
                else if (actual)
                {
                    fn++;
                }
                else
                {
                    tn++;
                }
            }

            tpSum += tp;
            fpSum += fp;
            fnSum += fn;
            wrong += fp + fn;
            var s = ClassificationMetrics.Scores(tp, fp, fn, tp + fn);
            var label = l;
            var auc = Roc.AucScore(yTrue.Select(r => r[label]).ToArray(), scores.Select(r => r[label]).ToArray());
            perLabel[l] = new LabelScores((double)(tp + tn) / n, s.Precision, s.Recall, s.F1, s.Support, auc);
        }

        var exact = 0;
        for (var i = 0; i < n; i++)
        {
            var allRight = true;
            for (var l = 0; l < labelCount && allRight; l++)
            {
                allRight = (scores[i][l] > threshold) == yTrue[i][l];
            }

            exact += allRight ? 1 : 0;
        }

        var totalSupport = perLabel.Sum(p => p.Support);
        var macro = new ClassScores(
            perLabel.Average(p => p.Precision), perLabel.Average(p => p.Recall), perLabel.Average(p => p.F1), totalSupport);
        var micro = ClassificationMetrics.Scores(tpSum, fpSum, fnSum, totalSupport);
        var hamming = (double)wrong / (n * labelCount);
        return new MultiLabelMetrics(
            threshold, perLabel, (double)exact / n, hamming, perLabel.Average(p => p.Accuracy), macro, micro);
    }

    /// <summary>One-hot indicator rows for single-label class indices (to score a softmax model the multi-label way).</summary>
    public static bool[][] OneHot(IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Select(t =>
        {
            if ((uint)t >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), t, $"Label outside [0, {classCount}).");
            }

            var row = new bool[classCount];
            row[t] = true;
            return row;
        }).ToArray();
    }
}
