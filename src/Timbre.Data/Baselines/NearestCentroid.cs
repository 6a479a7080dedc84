namespace Timbre.Data.Baselines;

/// <summary>
/// Nearest-centroid classifier on z-scored features (scaler fitted on the training rows): the predicted class is the
/// one whose mean training vector is closest in Euclidean distance.
/// </summary>
public sealed class NearestCentroid
{
    private readonly Standardizer _scaler;
    private readonly double[][] _centroids;

    private NearestCentroid(Standardizer scaler, double[][] centroids)
    {
        _scaler = scaler;
        _centroids = centroids;
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount => _centroids.Length;

    /// <summary>Fits on <paramref name="rows"/> with labels 0 … <paramref name="classCount"/> − 1; classes without rows are never predicted.</summary>
    public static NearestCentroid Fit(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, int classCount)
    {
        Baseline.CheckTrainingSet(rows, labels, classCount);
        Standardizer scaler = Standardizer.Fit(rows);
        int d = rows[0].Length;
        var sums = new double[classCount][];
        var counts = new int[classCount];
        for (int c = 0; c < classCount; c++)
        {
            sums[c] = new double[d];
        }

        for (int i = 0; i < rows.Count; i++)
        {
            double[] z = scaler.Transform(rows[i]);
            int c = labels[i];
            counts[c]++;
            for (int j = 0; j < d; j++)
            {
                sums[c][j] += z[j];
            }
        }

        for (int c = 0; c < classCount; c++)
        {
            for (int j = 0; j < d; j++)
            {
                sums[c][j] = counts[c] > 0 ? sums[c][j] / counts[c] : double.NaN;
            }
        }

        return new NearestCentroid(scaler, sums);
    }

    /// <summary>The predicted class of <paramref name="row"/>.</summary>
    public int Predict(ReadOnlySpan<float> row)
    {
        double[] z = _scaler.Transform(row);
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < _centroids.Length; c++)
        {
            if (double.IsNaN(_centroids[c][0]))
            {
                continue;
            }

            double distance = 0;
            for (int j = 0; j < z.Length; j++)
            {
                double diff = z[j] - _centroids[c][j];
                distance += diff * diff;
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
