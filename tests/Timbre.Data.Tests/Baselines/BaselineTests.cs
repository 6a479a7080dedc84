using Timbre.Data.Baselines;

namespace Timbre.Data.Tests.Baselines;

public sealed class BaselineTests
{
    /// <summary>Gaussian blobs: class c has mean <paramref name="separation"/>·e_c in the first dims, unit noise, plus a few pure-noise dims.</summary>
    private static (List<float[]> Rows, List<int> Labels) Blobs(int classes, int perClass, double separation, int seed, int dims = 12)
    {
        var random = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                var row = new float[dims];
                for (int j = 0; j < dims; j++)
                {
                    double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                    double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                    row[j] = (float)(normal + (j == c ? separation : 0) + (j == dims - 1 ? 1000 : 0)); // last column: large offset, z-scoring must cope
                }

                rows.Add(row);
                labels.Add(c);
            }
        }

        return (rows, labels);
    }

    private static double Accuracy(Func<float[], int> predict, (List<float[]> Rows, List<int> Labels) set) =>
        Baseline.Accuracy(set.Rows.Select(predict).ToList(), set.Labels);

    [Fact]
    public void BothBaselines_SeparateWellSeparatedBlobs()
    {
        var train = Blobs(4, 60, 6, seed: 1);
        var test = Blobs(4, 40, 6, seed: 2);
        var nc = NearestCentroid.Fit(train.Rows, train.Labels, 4);
        var lr = SoftmaxRegression.Fit(train.Rows, train.Labels, 4);
        Assert.True(Accuracy(r => nc.Predict(r), test) >= 0.97);
        Assert.True(Accuracy(r => lr.Predict(r), test) >= 0.97);
        Assert.True(lr.FinalLoss < 0.2 * Math.Log(4), $"loss {lr.FinalLoss}");
    }

    [Fact]
    public void OnPureNoise_AccuracyIsNearChance()
    {
        var train = Blobs(5, 60, 0, seed: 3);
        var test = Blobs(5, 200, 0, seed: 4);
        var nc = NearestCentroid.Fit(train.Rows, train.Labels, 5);
        var lr = SoftmaxRegression.Fit(train.Rows, train.Labels, 5);
        Assert.InRange(Accuracy(r => nc.Predict(r), test), 0.1, 0.32);
        Assert.InRange(Accuracy(r => lr.Predict(r), test), 0.1, 0.32);
    }

    [Fact]
    public void LogisticRegression_BeatsNearestCentroid_WhenOneNoisyFeatureDominatesTheDistance()
    {
        // Class is the sign of column 0 (small spread); 30 other columns are noise that swamp Euclidean distance.
        var random = new Random(5);
        (List<float[]>, List<int>) Make(int n)
        {
            var rows = new List<float[]>();
            var labels = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int label = i % 2;
                var row = new float[31];
                row[0] = (float)((label == 1 ? 1 : -1) * (0.2 + random.NextDouble()));
                for (int j = 1; j < row.Length; j++)
                {
                    row[j] = (float)(random.NextDouble() * 2 - 1);
                }

                rows.Add(row);
                labels.Add(label);
            }

            return (rows, labels);
        }

        var train = Make(300);
        var test = Make(300);
        var nc = NearestCentroid.Fit(train.Item1, train.Item2, 2);
        var lr = SoftmaxRegression.Fit(train.Item1, train.Item2, 2);
        double lrAccuracy = Accuracy(r => lr.Predict(r), test);
        Assert.True(lrAccuracy >= 0.97, $"LR {lrAccuracy}");
        Assert.True(lrAccuracy >= Accuracy(r => nc.Predict(r), test));
    }

    [Fact]
    public void LogisticRegression_ProbabilitiesSumToOne_AndMoreL2MeansSofterProbabilities()
    {
        var train = Blobs(3, 50, 3, seed: 6);
        var weak = SoftmaxRegression.Fit(train.Rows, train.Labels, 3, new SoftmaxRegressionOptions { L2 = 1e-3 });
        var strong = SoftmaxRegression.Fit(train.Rows, train.Labels, 3, new SoftmaxRegressionOptions { L2 = 1 });
        double[] p = weak.Probabilities(train.Rows[0]);
        Assert.Equal(1.0, p.Sum(), 1e-12);
        Assert.True(strong.Probabilities(train.Rows[0]).Max() < p.Max());
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => NearestCentroid.Fit([new float[2], new float[3]], [0, 1], 2));
        Assert.Throws<ArgumentException>(() => SoftmaxRegression.Fit([new float[2]], [2], 2));
        Assert.Throws<Core.Errors.InvalidOptionsException>(() => SoftmaxRegression.Fit([new float[2]], [0], 2, new SoftmaxRegressionOptions { Momentum = 1 }));
    }
}
