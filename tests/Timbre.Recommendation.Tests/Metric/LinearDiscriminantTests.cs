using Timbre.Recommendation.Metric;

namespace Timbre.Recommendation.Tests.Metric;

public class LinearDiscriminantTests
{
    // Two Gaussian classes with a shared, correlated covariance Σ = R D² Rᵀ and means μ₁ − μ₀ = δ: Fisher's direction
    // is Σ⁻¹δ = R D⁻² Rᵀ δ, which differs from δ by a wide angle (tested), so recovering it is not a coincidence.
    private static readonly double[] Spread = [3, 1, 0.5, 2, 1, 1.5];
    private static readonly double[] Delta = [1, 1, 1, 0, 0, 0];

    [Fact]
    public void RecoversTheFisherDirectionOfTwoGaussianClassesWithinThreeDegrees()
    {
        var (x, labels) = TwoClasses(4000, seed: 5);
        var fisher = FisherDirection();
        Assert.True(MetricSynthetic.AngleDegrees(fisher, Delta) > 30, "the test problem must not be trivially δ");

        var result = LinearDiscriminant.Fit(x, labels, shrinkage: 0, maxDirections: 6);

        Assert.Single(result.Directions);
        Assert.InRange(MetricSynthetic.AngleDegrees(result.Directions[0], fisher), 0, 3);
    }

    [Fact]
    public void TheLearnerThroughItsStandardisationStillFindsTheFisherDirectionInInputUnits()
    {
        var (x, labels) = TwoClasses(4000, seed: 6);
        var vectors = x.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
        var projection = MetricLearner.Fit(vectors, [.. labels.Select(l => l == 0 ? "a" : "b")], options: new MetricLearningOptions { Shrinkage = 0 });

        // y = w · ((x − c) / s): in input units the direction is w / s.
        var inInputUnits = projection.Weights[0].Select((w, j) => (double)w / projection.Scale[j]).ToArray();
        Assert.Equal(1, projection.OutputDimension);
        Assert.InRange(MetricSynthetic.AngleDegrees(inInputUnits, FisherDirection()), 0, 3);
    }

    [Fact]
    public void LedoitWolfShrinksHardWhenDimensionsOutnumberItemsAndLittleWhenItemsAbound()
    {
        var (few, fewGroups) = MetricSynthetic.Clustered(groups: 4, perGroup: 5, dims: 60, informative: 3, seed: 1);
        var (many, manyGroups) = MetricSynthetic.Clustered(groups: 4, perGroup: 500, dims: 6, informative: 3, seed: 1);

        var high = LinearDiscriminant.Fit(ToDouble(few), Labels(fewGroups), shrinkage: null, maxDirections: 10).Shrinkage;
        var low = LinearDiscriminant.Fit(ToDouble(many), Labels(manyGroups), shrinkage: null, maxDirections: 10).Shrinkage;

        Assert.InRange(high, 0.3, 1);
        Assert.InRange(low, 0, 0.05);
    }

    [Fact]
    public void GivesAtMostOneDirectionFewerThanTheGroups()
    {
        var (x, groups) = MetricSynthetic.Clustered(groups: 5, perGroup: 10, dims: 20, informative: 8, seed: 2);
        var result = LinearDiscriminant.Fit(ToDouble(x), Labels(groups), shrinkage: null, maxDirections: 20);
        Assert.Equal(4, result.Directions.Length);
        Assert.True(result.Ratios.Zip(result.Ratios.Skip(1)).All(p => p.First >= p.Second), "ratios are sorted, best first");
    }

    private static (double[][] X, int[] Labels) TwoClasses(int perClass, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (var c = 0; c < 2; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var g = Spread.Select(s => s * MetricSynthetic.Gaussian(rng)).ToArray();
                var r = Rotate(g);
                rows.Add([.. r.Select((v, j) => v + (c * Delta[j]) + 10)]);
                labels.Add(c);
            }
        }

        return ([.. rows], [.. labels]);
    }

    private static double[] FisherDirection()
    {
        // Σ⁻¹δ = R D⁻² Rᵀ δ.
        var inner = RotateBack(Delta).Select((v, j) => v / (Spread[j] * Spread[j])).ToArray();
        return Rotate(inner);
    }

    // R: Givens rotations of 40° in planes (0,3), (1,4), (2,5) and 25° in (0,1).
    private static double[] Rotate(double[] v) => Givens(Givens(Givens(Givens(v, 0, 3, 40), 1, 4, 40), 2, 5, 40), 0, 1, 25);

    private static double[] RotateBack(double[] v) => Givens(Givens(Givens(Givens(v, 0, 1, -25), 2, 5, -40), 1, 4, -40), 0, 3, -40);

    private static double[] Givens(double[] v, int p, int q, double degrees)
    {
        var (s, c) = Math.SinCos(degrees * Math.PI / 180);
        var r = (double[])v.Clone();
        r[p] = (c * v[p]) - (s * v[q]);
        r[q] = (s * v[p]) + (c * v[q]);
        return r;
    }

    private static double[][] ToDouble(float[][] x) => [.. x.Select(r => r.Select(v => (double)v).ToArray())];

    private static int[] Labels(string[] groups) => [.. groups.Select(g => int.Parse(g[1..], System.Globalization.CultureInfo.InvariantCulture))];
}
