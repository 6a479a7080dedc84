namespace Timbre.Data.Baselines;

/// <summary>Z-scoring fitted on training rows: (x − mean) / std per column; constant columns get std 1.</summary>
public sealed class Standardizer
{
    private Standardizer(double[] mean, double[] std)
    {
        Mean = mean;
        Std = std;
    }

    /// <summary>Column means.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Column standard deviations (population), 1 where a column is constant.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>Fits on <paramref name="rows"/> (all of one length, at least one row).</summary>
    public static Standardizer Fit(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("Need at least one row.", nameof(rows));
        }

        int d = rows[0].Length;
        var mean = new double[d];
        var std = new double[d];
        foreach (float[] row in rows)
        {
            CheckLength(row, d);
            for (int j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= rows.Count;
        }

        foreach (float[] row in rows)
        {
            for (int j = 0; j < d; j++)
            {
                double diff = row[j] - mean[j];
                std[j] += diff * diff;
            }
        }

        for (int j = 0; j < d; j++)
        {
            std[j] = Math.Sqrt(std[j] / rows.Count);
            if (!(std[j] > 1e-12))
            {
                std[j] = 1;
            }
        }

        return new Standardizer(mean, std);
    }

    /// <summary>The z-scored copy of <paramref name="row"/>.</summary>
    public double[] Transform(ReadOnlySpan<float> row)
    {
        CheckLength(row, Mean.Count);
        var result = new double[row.Length];
        for (int j = 0; j < row.Length; j++)
        {
            result[j] = (row[j] - Mean[j]) / Std[j];
        }

        return result;
    }

    private static void CheckLength(ReadOnlySpan<float> row, int d)
    {
        if (row.Length != d)
        {
            throw new ArgumentException($"Row has {row.Length} values, expected {d}.", nameof(row));
        }
    }
}
