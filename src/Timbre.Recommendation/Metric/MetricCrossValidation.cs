using Timbre.Core.Errors;
using Timbre.Evaluation.Retrieval;

namespace Timbre.Recommendation.Metric;

/// <summary>Options of <see cref="MetricCrossValidation"/>.</summary>
public sealed record MetricCvOptions
{
    /// <summary>Folds K (groups are dealt to folds whole, <see cref="GroupFolds"/>); default 3.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Seed of the fold assignment; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Cut-off of the precision; default 5.</summary>
    public int PrecisionK { get; init; } = 5;

    /// <summary>Cut-off of the mean average precision; default 10.</summary>
    public int MapK { get; init; } = 10;

    /// <summary>The defaults.</summary>
    public static MetricCvOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public MetricCvOptions Validate()
    {
        if (Folds < 2 || PrecisionK < 1 || MapK < 1)
        {
            throw new InvalidOptionsException($"Metric cross-validation needs Folds >= 2, PrecisionK >= 1, MapK >= 1 (got {Folds}, {PrecisionK}, {MapK}).");
        }

        return this;
    }
}

/// <summary>Leave-one-out retrieval scores of one space on one fold's queries.</summary>
/// <param name="Precision">Mean precision at <see cref="MetricCvOptions.PrecisionK"/>.</param>
/// <param name="MeanAveragePrecision">Mean average precision at <see cref="MetricCvOptions.MapK"/>.</param>
/// <param name="Chance">Precision of a random ranking.</param>
/// <param name="Queries">Queries scored.</param>
public sealed record RetrievalScores(double Precision, double MeanAveragePrecision, double Chance, int Queries);

/// <summary>The same queries scored in three spaces.</summary>
/// <param name="Raw">The input vectors as they are.</param>
/// <param name="Standardised">The input standardised with the training folds' statistics (no projection).</param>
/// <param name="Learned">The learned projection.</param>
public sealed record SpaceScores(RetrievalScores Raw, RetrievalScores Standardised, RetrievalScores Learned);

/// <summary>One fold: trained on the other folds' groups, scored on its own.</summary>
/// <param name="Fold">Fold number (0-based).</param>
/// <param name="TestGroups">Held-out groups.</param>
/// <param name="TrainGroups">Groups the metric was fitted on (never one of <paramref name="TestGroups"/>).</param>
/// <param name="TestItems">Held-out items.</param>
/// <param name="OutputDimension">Dimensions of the learned projection.</param>
/// <param name="InFold">Held-out queries ranked against the held-out fold only; null when the fold holds one group (every candidate would be relevant).</param>
/// <param name="Library">Held-out queries ranked against the whole library (training items are distractors).</param>
public sealed record MetricFoldResult(
    int Fold, IReadOnlyList<string> TestGroups, IReadOnlyList<string> TrainGroups, int TestItems, int OutputDimension, SpaceScores? InFold, SpaceScores Library);

/// <summary>
/// K-fold cross-validation of a metric by group (album): each fold's metric is fitted on the other folds' groups
/// only, so every score is on groups the metric never saw. The baseline is the same input in the same folds.
/// </summary>
public static class MetricCrossValidation
{
    /// <summary>Runs the folds.</summary>
    /// <param name="vectors">One vector per item.</param>
    /// <param name="groups">Group of each item (what is learned and what counts as relevant).</param>
    /// <param name="preferences">Users' likes/dislikes (indices into <paramref name="vectors"/>); in each fold only the training items' are used.</param>
    /// <param name="options">Learner options.</param>
    /// <param name="cv">Fold and metric options.</param>
    /// <param name="exclude">Optional exclude label per item (e.g. album when grouping by artist): candidates sharing the query's are not ranked.</param>
    /// <param name="progress">Called with (fold, folds) when a fold starts.</param>
    /// <exception cref="MetricLearningException">Too few groups for the folds, or bad vectors.</exception>
    public static IReadOnlyList<MetricFoldResult> Run(
        IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, IReadOnlyList<PreferenceSet>? preferences,
        MetricLearningOptions options, MetricCvOptions cv, IReadOnlyList<string>? exclude = null, Action<int, int>? progress = null)
    {
        cv = (cv ?? MetricCvOptions.Default).Validate();
        preferences ??= [];
        MetricLearner.CheckInput(vectors, groups, preferences);
        var groupCount = groups.Distinct(StringComparer.Ordinal).Count();
        if (groupCount < cv.Folds)
        {
            throw new MetricLearningException($"{groupCount} groups cannot fill {cv.Folds} folds; use --folds {groupCount} or fewer (each fold needs a group of its own).");
        }

        var fold = GroupFolds.Assign(groups, cv.Folds, cv.Seed);
        CheckGroupsStayInOneFold(groups, fold);
        var results = new List<MetricFoldResult>(cv.Folds);
        for (var f = 0; f < cv.Folds; f++)
        {
            progress?.Invoke(f, cv.Folds);
            var train = Enumerable.Range(0, vectors.Count).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, vectors.Count).Where(i => fold[i] == f).ToArray();
            var trainGroups = train.Select(i => groups[i]).Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToArray();
            var testGroups = test.Select(i => groups[i]).Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToArray();
            if (trainGroups.Intersect(testGroups, StringComparer.Ordinal).FirstOrDefault() is { } leaked)
            {
                throw new InvalidOperationException($"Group '{leaked}' is on both sides of fold {f}; the metric would be scored on a group it trained on.");
            }

            var projection = MetricLearner.Fit(
                [.. train.Select(i => vectors[i])], [.. train.Select(i => groups[i])], TrainingPreferences(preferences, train), options);
            var spaces = new[] { vectors.ToArray(), projection.StandardisationOnly().ApplyAll(vectors), projection.ApplyAll(vectors) };
            var library = Score(spaces, groups, exclude, test, null, cv);
            var inFold = testGroups.Length < 2 ? null : Score(spaces, groups, exclude, test, test, cv);
            results.Add(new MetricFoldResult(f, testGroups, trainGroups, test.Length, projection.OutputDimension, inFold, library));
        }

        return results;
    }

    /// <summary>Throws when any group's items were dealt to more than one fold.</summary>
    /// <exception cref="InvalidOperationException">A group spans two folds.</exception>
    internal static void CheckGroupsStayInOneFold(IReadOnlyList<string> groups, int[] fold)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            if (seen.TryGetValue(groups[i], out var f) && f != fold[i])
            {
                throw new InvalidOperationException($"Group '{groups[i]}' is in folds {f} and {fold[i]}; folds must never split a group.");
            }

            seen[groups[i]] = fold[i];
        }
    }

    private static PreferenceSet[] TrainingPreferences(IReadOnlyList<PreferenceSet> preferences, int[] train)
    {
        var row = new Dictionary<int, int>();
        for (var r = 0; r < train.Length; r++)
        {
            row[train[r]] = r;
        }

        return [.. preferences.Select(p => new PreferenceSet(
            [.. p.Liked.Where(row.ContainsKey).Select(i => row[i])],
            [.. p.Disliked.Where(row.ContainsKey).Select(i => row[i])]))];
    }

    /// <summary>Scores the <paramref name="queries"/> in each space, ranking against <paramref name="pool"/> (null: everything).</summary>
    private static SpaceScores Score(float[][][] spaces, IReadOnlyList<string> groups, IReadOnlyList<string>? exclude, int[] queries, int[]? pool, MetricCvOptions cv)
    {
        var scores = spaces.Select(space =>
        {
            var items = pool ?? Enumerable.Range(0, space.Length).ToArray();
            var isQuery = new HashSet<int>(queries.Select(q => Array.IndexOf(items, q)));
            var v = items.Select(i => space[i]).ToArray();
            var g = items.Select(i => groups[i]).ToArray();
            var e = exclude is null ? null : items.Select(i => exclude[i]).ToArray();
            var atP = RetrievalEvaluation.Evaluate(v, g, cv.PrecisionK, e).Queries.Where(q => isQuery.Contains(q.Index)).ToArray();
            var atMap = RetrievalEvaluation.Evaluate(v, g, cv.MapK, e).Queries.Where(q => isQuery.Contains(q.Index)).ToArray();
            return atP.Length == 0
                ? new RetrievalScores(0, 0, 0, 0)
                : new RetrievalScores(
                    atP.Average(q => q.Precision), atMap.Average(q => q.AveragePrecision), atP.Average(q => (double)q.Relevant / q.Candidates), atP.Length);
        }).ToArray();
        return new SpaceScores(scores[0], scores[1], scores[2]);
    }
}
