namespace Timbre.Evaluation.Classification;

/// <summary>
/// Confusion matrix of a single-label classifier: <c>Counts[t][p]</c> is the number of samples of true class t
/// predicted as class p (rows = truth, columns = prediction, as scikit-learn's confusion_matrix).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[][] _counts;

    private ConfusionMatrix(int[][] counts)
    {
        _counts = counts;
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int ClassCount => _counts.Length;

    /// <summary>Total number of samples.</summary>
    public int Total => _counts.Sum(r => r.Sum());

    /// <summary>Count of samples of true class <paramref name="trueClass"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int trueClass, int predicted] => _counts[trueClass][predicted];

    /// <summary>Builds the matrix from true and predicted class indices in [0, <paramref name="classCount"/>).</summary>
    public static ConfusionMatrix Build(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPredicted, int classCount)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPredicted);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (yTrue.Count != yPredicted.Count)
        {
            throw new ArgumentException(
                $"True and predicted labels differ in length ({yTrue.Count} vs {yPredicted.Count}).", nameof(yPredicted));
        }

        var counts = new int[classCount][];
        for (var i = 0; i < classCount; i++)
        {
            counts[i] = new int[classCount];
        }

        for (var i = 0; i < yTrue.Count; i++)
        {
            var t = yTrue[i];
            var p = yPredicted[i];
            if ((uint)t >= (uint)classCount || (uint)p >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(yTrue), $"Sample {i}: label {t} or prediction {p} is outside [0, {classCount}).");
            }

            counts[t][p]++;
        }

        return new ConfusionMatrix(counts);
    }

    /// <summary>Wraps existing counts (a square matrix of non-negative numbers; copied).</summary>
    public static ConfusionMatrix FromCounts(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var k = counts.Count;
        if (k == 0 || counts.Any(r => r.Count != k) || counts.Any(r => r.Any(v => v < 0)))
        {
            throw new ArgumentException("A confusion matrix must be square, non-empty and non-negative.", nameof(counts));
        }

        return new ConfusionMatrix(counts.Select(r => r.ToArray()).ToArray());
    }

    /// <summary>True positives of class <paramref name="c"/> (the diagonal).</summary>
    public int TruePositives(int c) => _counts[c][c];

    /// <summary>False positives of class c: predicted c, truly another class (column sum minus diagonal).</summary>
    public int FalsePositives(int c) => _counts.Sum(r => r[c]) - _counts[c][c];

    /// <summary>False negatives of class c: truly c, predicted another class (row sum minus diagonal).</summary>
    public int FalseNegatives(int c) => _counts[c].Sum() - _counts[c][c];

    /// <summary>Support of class c: number of samples whose true class is c.</summary>
    public int Support(int c) => _counts[c].Sum();

    /// <summary>Fraction of samples on the diagonal (0 when empty).</summary>
    public double Accuracy()
    {
        var total = Total;
        if (total == 0)
        {
            return 0;
        }

        var diagonal = 0;
        for (var i = 0; i < ClassCount; i++)
        {
            diagonal += _counts[i][i];
        }

        return (double)diagonal / total;
    }

    /// <summary>A copy of the counts as jagged rows (truth × prediction), e.g. for JSON.</summary>
    public int[][] ToRows() => _counts.Select(r => r.ToArray()).ToArray();

    /// <summary>Row-normalised matrix (each true class's row sums to 1; empty rows stay 0).</summary>
    public double[][] RowNormalized() =>
        _counts.Select(r =>
        {
            var s = r.Sum();
            return r.Select(v => s == 0 ? 0.0 : (double)v / s).ToArray();
        }).ToArray();
}
