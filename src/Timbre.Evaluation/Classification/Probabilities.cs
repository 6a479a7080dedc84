namespace Timbre.Evaluation.Classification;

/// <summary>Helpers for per-sample class-probability rows (one row per sample, one column per class).</summary>
public static class Probabilities
{
    /// <summary>Splits a row-major buffer (e.g. a tensor's data) into rows of <paramref name="classCount"/> values.</summary>
    public static double[][] FromRowMajor(ReadOnlySpan<float> values, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (values.Length % classCount != 0)
        {
            throw new ArgumentException(
                $"Buffer length {values.Length} is not a multiple of the class count {classCount}.", nameof(values));
        }

        var rows = new double[values.Length / classCount][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[classCount];
            for (var j = 0; j < classCount; j++)
            {
                rows[i][j] = values[i * classCount + j];
            }
        }

        return rows;
    }

    /// <summary>Index of the largest value in each row (the first one on ties, as numpy's argmax).</summary>
    public static int[] ArgMax(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count == 0)
            {
                throw new ArgumentException($"Row {i} is empty.", nameof(rows));
            }

            var best = 0;
            for (var j = 1; j < row.Count; j++)
            {
                if (row[j] > row[best])
                {
                    best = j;
                }
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>Checks that every row has <paramref name="classCount"/> finite values; throws otherwise.</summary>
    public static void Validate(IReadOnlyList<IReadOnlyList<double>> rows, int classCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != classCount)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Count} values, expected {classCount}.", nameof(rows));
            }

            if (rows[i].Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"Row {i} has a non-finite value.", nameof(rows));
            }
        }
    }
}
