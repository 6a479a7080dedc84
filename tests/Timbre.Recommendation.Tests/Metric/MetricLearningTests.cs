using Timbre.Recommendation.Metric;

namespace Timbre.Recommendation.Tests.Metric;

public class MetricLearningTests
{
    [Trait("Category", "Slow")]
    [Theory]
    [InlineData(MetricMethod.Lda)]
    [InlineData(MetricMethod.Triplet)]
    public void HeldOutGroupPrecisionRisesOverTheUnprojectedInput(MetricMethod method)
    {
        // 3 of 40 dimensions carry the group; after standardisation the 37 noise dimensions swamp the cosine. Against
        // the whole library (191 candidates, 5 relevant) the gain is smaller than within the held-out fold.
        var (x, groups) = MetricSynthetic.Clustered(groups: 32, perGroup: 6, dims: 40, informative: 3, seed: 3);

        var folds = MetricCrossValidation.Run(x, groups, null, new MetricLearningOptions { Method = method }, new MetricCvOptions { Folds = 4 });

        Assert.Equal(4, folds.Count);
        var baseline = folds.Average(f => f.InFold!.Standardised.Precision);
        var learned = folds.Average(f => f.InFold!.Learned.Precision);
        Assert.InRange(baseline, 0, 0.6);
        Assert.True(learned > baseline + 0.25, $"{method}: held-out P@5 {learned:F3} vs {baseline:F3} unprojected");
        var libraryBaseline = folds.Average(f => f.Library.Standardised.Precision);
        var libraryLearned = folds.Average(f => f.Library.Learned.Precision);
        Assert.True(libraryLearned > libraryBaseline + 0.12, $"{method}: held-out against the library P@5 {libraryLearned:F3} vs {libraryBaseline:F3}");
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void WithinGroupWhiteningRaisesHeldOutPrecisionWhenGroupsAreTightOnTheInformativeDimensions()
    {
        // 3 of 10 dimensions carry the group with little spread inside it; the 7 others vary freely inside every group.
        // (With many more noise dimensions than items per group, Ledoit–Wolf shrinks towards the identity and the gain fades.)
        var (x, groups) = MetricSynthetic.Clustered(groups: 32, perGroup: 6, dims: 10, informative: 3, seed: 12);

        var folds = MetricCrossValidation.Run(x, groups, null, new MetricLearningOptions { Method = MetricMethod.Whitening }, new MetricCvOptions { Folds = 4 });

        var baseline = folds.Average(f => f.InFold!.Standardised.Precision);
        var learned = folds.Average(f => f.InFold!.Learned.Precision);
        Assert.True(learned > baseline + 0.15, $"held-out P@5 {learned:F3} vs {baseline:F3} unprojected");
        Assert.All(folds, f => Assert.Equal(10, f.OutputDimension));
    }

    [Fact]
    public void TripletTrainingIsSeededAndLowersItsLoss()
    {
        var (x, groups) = MetricSynthetic.Clustered(groups: 12, perGroup: 6, dims: 20, informative: 3, seed: 4);
        var options = new MetricLearningOptions { Method = MetricMethod.Triplet, Dimensions = 8, Epochs = 40 };

        var a = MetricLearner.Fit(x, groups, options: options);
        var b = MetricLearner.Fit(x, groups, options: options);
        var (_, untrained) = Train(x, groups, options with { Epochs = 1 });
        var (_, trained) = Train(x, groups, options);

        Assert.Equal(a.Weights.SelectMany(r => r), b.Weights.SelectMany(r => r));
        Assert.True(trained < 0.5 * untrained, $"loss {trained:F4} after 40 epochs vs {untrained:F4} after 1");
    }

    [Fact]
    public void LikesAndDislikesPullTheMapTowardsTheDimensionThatSeparatesThem()
    {
        // Groups live on dims 0-2; the user likes items high on dim 3 and dislikes items low on it, across groups.
        var (x, groups) = MetricSynthetic.Clustered(groups: 16, perGroup: 6, dims: 12, informative: 3, seed: 8);
        var liked = Enumerable.Range(0, x.Length).Where(i => x[i][3] > 0.8).ToArray();
        var disliked = Enumerable.Range(0, x.Length).Where(i => x[i][3] < -0.8).ToArray();
        var options = new MetricLearningOptions { Method = MetricMethod.Triplet, Dimensions = 12, Epochs = 60 };

        var without = MetricLearner.Fit(x, groups, options: options);
        var with = MetricLearner.Fit(x, groups, [new PreferenceSet(liked, disliked)], options);

        Assert.True(ColumnShare(with, 3) > 2 * ColumnShare(without, 3), $"dim 3 share {ColumnShare(with, 3):F3} vs {ColumnShare(without, 3):F3}");
    }

    [Fact]
    public void FoldsNeverPutOneGroupOnBothSides()
    {
        var (x, groups) = MetricSynthetic.Clustered(groups: 9, perGroup: 4, dims: 10, informative: 3, seed: 9);

        var folds = MetricCrossValidation.Run(x, groups, null, new MetricLearningOptions(), new MetricCvOptions { Folds = 3, Seed = 2 });

        foreach (var f in folds)
        {
            Assert.Empty(f.TrainGroups.Intersect(f.TestGroups));
            Assert.Equal(9, f.TrainGroups.Count + f.TestGroups.Count);
        }

        Assert.Equal(9, folds.SelectMany(f => f.TestGroups).Distinct().Count());
        var split = Assert.Throws<InvalidOperationException>(() => MetricCrossValidation.CheckGroupsStayInOneFold(["a", "a", "b"], [0, 1, 1]));
        Assert.Contains("'a'", split.Message);
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        float[][] three = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
        var one = Assert.Throws<MetricLearningException>(() => MetricLearner.Fit(three, ["x", "x", "x"]));
        Assert.Contains("one group", one.Message);

        var ragged = Assert.Throws<MetricLearningException>(() => MetricLearner.Fit([[1, 2, 3], [2, 3, 4], [3, 4]], ["x", "x", "y"]));
        Assert.Contains("Vector 2 has 2 values but vector 0 has 3", ragged.Message);

        var singles = Assert.Throws<MetricLearningException>(() => MetricLearner.Fit(three, ["x", "y", "z"]));
        Assert.Contains("single vector", singles.Message);

        var nan = Assert.Throws<MetricLearningException>(() => MetricLearner.Fit([[1, 2, 3], [2, float.NaN, 4], [3, 4, 5]], ["x", "x", "y"]));
        Assert.Contains("Vector 1", nan.Message);

        var folds = Assert.Throws<MetricLearningException>(
            () => MetricCrossValidation.Run(three, ["x", "x", "y"], null, new MetricLearningOptions(), new MetricCvOptions { Folds = 3 }));
        Assert.Contains("2 groups cannot fill 3 folds", folds.Message);

        var projection = MetricLearner.Fit(three, ["x", "x", "y"]);
        var apply = Assert.Throws<MetricLearningException>(() => projection.Apply([1, 2]));
        Assert.Contains("takes 3 values", apply.Message);
    }

    [Fact]
    public void AProjectionFileRoundTripsAndABadOneIsRefusedByName()
    {
        var (x, groups) = MetricSynthetic.Clustered(groups: 4, perGroup: 5, dims: 8, informative: 3, seed: 10);
        var projection = MetricLearner.Fit(x, groups);
        var dir = Directory.CreateTempSubdirectory("metric-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.json");
            MetricProjectionFile.Write(path, projection, new MetricProvenance("summary", 1, "album", x.Length, 4, 0));

            var (read, provenance) = MetricProjectionFile.Read(path);

            Assert.Equal(projection.Apply(x[0]), read.Apply(x[0]));
            Assert.Equal("summary", provenance.ModelId);
            var bad = Path.Combine(dir.FullName, "bad.json");
            File.WriteAllText(bad, "{\"format\":\"other\"}");
            Assert.Contains("bad.json", Assert.Throws<MetricLearningException>(() => MetricProjectionFile.Read(bad)).Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (double[][] W, double Loss) Train(float[][] x, string[] groups, MetricLearningOptions options)
    {
        var labels = groups.Select(g => int.Parse(g[1..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var z = x.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        return TripletMetric.Fit(z, labels, [], options.Dimensions!.Value, options);
    }

    /// <summary>Share of the map's squared weight on input dimension <paramref name="j"/> (in input units).</summary>
    private static double ColumnShare(MetricProjection p, int j)
    {
        double Column(int c) => p.Weights.Sum(r => Math.Pow(r[c] / p.Scale[c], 2));
        return Column(j) / Enumerable.Range(0, p.InputDimension).Sum(Column);
    }
}
