using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Data.Splits;

namespace Timbre.Data.Baselines;

/// <summary>Settings of <see cref="BaselineEvaluation.Evaluate"/>.</summary>
public sealed record BaselineEvaluationOptions
{
    /// <summary>Split and fold seed. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Folds of the cross-validation (≥ 2). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Logistic regression settings.</summary>
    public SoftmaxRegressionOptions Regression { get; init; } = new();
}

/// <summary>Accuracy of the two baselines under one protocol.</summary>
/// <param name="Protocol">"split 8:1:1 (test)" or "k-fold".</param>
/// <param name="Train">Training clips (per fold for k-fold: the mean).</param>
/// <param name="Test">Test clips (for k-fold: all clips, each tested once).</param>
/// <param name="NearestCentroid">Nearest-centroid accuracy on the test clips.</param>
/// <param name="LogisticRegression">Logistic regression accuracy on the test clips.</param>
public sealed record BaselineResult(string Protocol, int Train, int Test, double NearestCentroid, double LogisticRegression);

/// <summary>
/// Baseline accuracies on a cache's vectors (normally the 357-d summary): nearest centroid and multinomial logistic
/// regression, each z-scored on its training set, evaluated on an 8:1:1 split by track (test set) and by stratified
/// k-fold by track (clips of one track never cross sets).
/// </summary>
public static class BaselineEvaluation
{
    /// <summary>Runs both protocols.</summary>
    public static IReadOnlyList<BaselineResult> Evaluate(FeatureCache cache, BaselineEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        options ??= new BaselineEvaluationOptions();
        var items = cache.Tracks.Select((t, i) => new CorpusItem(t.Path, cache.Labels[t.LabelIndex], i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var vectors = new float[cache.ClipCount][];
        for (int c = 0; c < vectors.Length; c++)
        {
            vectors[c] = new float[cache.ValuesPerClip];
            cache.CopyClip(c, vectors[c]);
        }

        var results = new List<BaselineResult>();
        DatasetSplit split = CorpusSplitter.Split(items, new SplitOptions { Seed = options.Seed, GroupBy = GroupBy.Track });
        if (split.Train.Count > 0 && split.Test.Count > 0)
        {
            (int train, int test, int nc, int lr) = Run(cache, vectors, split.Train, split.Test, options);
            results.Add(new BaselineResult("split 8:1:1 (test)", train, test, (double)nc / test, (double)lr / test));
        }

        if (items.Count >= options.Folds)
        {
            int trainTotal = 0, testTotal = 0, ncTotal = 0, lrTotal = 0;
            IReadOnlyList<Fold> folds = CorpusSplitter.Folds(items, new FoldOptions { K = options.Folds, Seed = options.Seed, GroupBy = GroupBy.Track });
            foreach (Fold fold in folds.Where(f => f.Test.Count > 0 && f.Train.Count > 0))
            {
                (int train, int test, int nc, int lr) = Run(cache, vectors, fold.Train, fold.Test, options);
                trainTotal += train;
                testTotal += test;
                ncTotal += nc;
                lrTotal += lr;
            }

            if (testTotal > 0)
            {
                results.Add(new BaselineResult($"{options.Folds}-fold", trainTotal / folds.Count, testTotal, (double)ncTotal / testTotal, (double)lrTotal / testTotal));
            }
        }

        return results;
    }

    private static (int Train, int Test, int NcRight, int LrRight) Run(
        FeatureCache cache, float[][] vectors, IReadOnlyList<CorpusItem> train, IReadOnlyList<CorpusItem> test, BaselineEvaluationOptions options)
    {
        (List<float[]> trainRows, List<int> trainLabels) = Rows(cache, vectors, train);
        (List<float[]> testRows, List<int> testLabels) = Rows(cache, vectors, test);
        var nc = NearestCentroid.Fit(trainRows, trainLabels, cache.Labels.Count);
        var lr = SoftmaxRegression.Fit(trainRows, trainLabels, cache.Labels.Count, options.Regression);
        int ncRight = 0, lrRight = 0;
        for (int i = 0; i < testRows.Count; i++)
        {
            ncRight += nc.Predict(testRows[i]) == testLabels[i] ? 1 : 0;
            lrRight += lr.Predict(testRows[i]) == testLabels[i] ? 1 : 0;
        }

        return (trainRows.Count, testRows.Count, ncRight, lrRight);
    }

    private static (List<float[]> Rows, List<int> Labels) Rows(FeatureCache cache, float[][] vectors, IReadOnlyList<CorpusItem> items)
    {
        var rows = new List<float[]>();
        var labels = new List<int>();
        foreach (CorpusItem item in items)
        {
            CachedTrack track = cache.Tracks[int.Parse(item.TrackId, System.Globalization.CultureInfo.InvariantCulture)];
            for (long c = track.FirstClip; c < track.FirstClip + track.ClipCount; c++)
            {
                rows.Add(vectors[c]);
                labels.Add(track.LabelIndex);
            }
        }

        return (rows, labels);
    }
}
