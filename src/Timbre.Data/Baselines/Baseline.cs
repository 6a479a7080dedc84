namespace Timbre.Data.Baselines;

/// <summary>Checks and helpers shared by the baseline classifiers.</summary>
public static class Baseline
{
    /// <summary>Fraction of <paramref name="predicted"/> equal to <paramref name="actual"/> (NaN when empty).</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException("Prediction and label counts differ.", nameof(predicted));
        }

        if (predicted.Count == 0)
        {
            return double.NaN;
        }

        int right = 0;
        for (int i = 0; i < predicted.Count; i++)
        {
            right += predicted[i] == actual[i] ? 1 : 0;
        }

        return (double)right / predicted.Count;
    }

    /// <summary>Throws unless rows and labels match, rows have one length, and labels lie in 0 … classCount − 1.</summary>
    public static void CheckTrainingSet(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException($"Need as many labels as rows (and at least one row); got {rows.Count} rows, {labels.Count} labels.", nameof(rows));
        }

        int d = rows[0].Length;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values, expected {d}.", nameof(rows));
            }

            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} of row {i} is outside 0 … {classCount - 1}.", nameof(labels));
            }
        }
    }
}
