using System.Globalization;
using Timbre.Core.Errors;
using Timbre.Data.Corpus.Composition;
using Timbre.Data.Loaders;

namespace Timbre.Data.Splits;

/// <summary>What keeps items together when splitting.</summary>
public enum GroupBy
{
    /// <summary>Items of one track (its slices) stay together.</summary>
    Track,
    /// <summary>Items of one artist stay together where the artist is known; otherwise by track.</summary>
    ArtistWhenKnown,
}

/// <summary>Settings of <see cref="CorpusSplitter.Split"/>.</summary>
public sealed record SplitOptions
{
    /// <summary>Train fraction. Default 0.8.</summary>
    public double Train { get; init; } = 0.8;

    /// <summary>Validation fraction. Default 0.1.</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>Test fraction. Default 0.1.</summary>
    public double Test { get; init; } = 0.1;

    /// <summary>Shuffle seed. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Grouping. Default <see cref="GroupBy.ArtistWhenKnown"/>.</summary>
    public GroupBy GroupBy { get; init; } = GroupBy.ArtistWhenKnown;

    /// <summary>Throws <see cref="InvalidOptionsException"/> unless the fractions are ≥ 0 and sum to 1.</summary>
    public void Validate()
    {
        if (Train < 0 || Validation < 0 || Test < 0 || Math.Abs(Train + Validation + Test - 1) > 1e-9)
        {
            throw new InvalidOptionsException($"Split fractions must be non-negative and sum to 1, got {Train}/{Validation}/{Test}.");
        }
    }
}

/// <summary>Settings of <see cref="CorpusSplitter.Folds"/>.</summary>
public sealed record FoldOptions
{
    /// <summary>Number of folds, ≥ 2. Default 10.</summary>
    public int K { get; init; } = 10;

    /// <summary>Shuffle seed. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Grouping. Default <see cref="GroupBy.ArtistWhenKnown"/>.</summary>
    public GroupBy GroupBy { get; init; } = GroupBy.ArtistWhenKnown;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when K &lt; 2.</summary>
    public void Validate()
    {
        if (K < 2)
        {
            throw new InvalidOptionsException($"Need at least 2 folds, got {K}.");
        }
    }
}

/// <summary>Train/validation/test sets.</summary>
/// <param name="Train">Training items.</param>
/// <param name="Validation">Validation items.</param>
/// <param name="Test">Test items.</param>
public sealed record DatasetSplit(IReadOnlyList<CorpusItem> Train, IReadOnlyList<CorpusItem> Validation, IReadOnlyList<CorpusItem> Test);

/// <summary>One cross-validation fold.</summary>
/// <param name="Index">Fold number, 0-based.</param>
/// <param name="Train">Items of every other fold.</param>
/// <param name="Test">Items of this fold.</param>
public sealed record Fold(int Index, IReadOnlyList<CorpusItem> Train, IReadOnlyList<CorpusItem> Test);

/// <summary>
/// Stratified, grouped splitting: groups (a track's slices, or an artist's tracks) never cross sets, each label's
/// groups are shuffled with a seeded <see cref="Pcg32"/> and dealt so every set gets its share of every label.
/// </summary>
public static class CorpusSplitter
{
    /// <summary>The group key of <paramref name="item"/>.</summary>
    public static string GroupKey(CorpusItem item, GroupBy groupBy) =>
        groupBy == GroupBy.ArtistWhenKnown && !string.IsNullOrEmpty(item.Artist) ? "artist:" + item.Artist : "track:" + item.TrackId;

    /// <summary>Splits into train/validation/test by the fractions of <paramref name="options"/>.</summary>
    public static DatasetSplit Split(IReadOnlyList<CorpusItem> items, SplitOptions? options = null)
    {
        options ??= new SplitOptions();
        options.Validate();
        double[] fractions = [options.Train, options.Validation, options.Test];
        var sets = new[] { new List<CorpusItem>(), new List<CorpusItem>(), new List<CorpusItem>() };
        foreach (List<Group> groups in ShuffledByLabel(items, options.GroupBy, options.Seed))
        {
            int total = groups.Sum(g => g.Items.Count);
            var counts = new int[3];
            foreach (Group group in groups)
            {
                int best = Pick(fractions, total, counts);
                counts[best] += group.Items.Count;
                sets[best].AddRange(group.Items);
            }
        }

        return new DatasetSplit(sets[0], sets[1], sets[2]);
    }

    /// <summary>
    /// Throws a <see cref="TimbreException"/> when <paramref name="split"/> has no test items, naming
    /// <paramref name="source"/>, the groups per genre and how many one genre needs for a test item.
    /// </summary>
    public static void RequireTestItems(DatasetSplit split, IReadOnlyList<CorpusItem> items, string source, SplitOptions? options = null)
    {
        options ??= new SplitOptions();
        if (split.Test.Count > 0 || options.Test <= 0)
        {
            return;
        }

        string counted = options.GroupBy == GroupBy.Track ? "" : " (an artist's tracks count as one)";
        string perGenre = items.Count == 0
            ? "none"
            : string.Join(", ", items
                .GroupBy(i => i.Label, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Select(i => GroupKey(i, options.GroupBy)).Distinct(StringComparer.Ordinal).Count()}"));
        throw new TimbreException(string.Create(
            CultureInfo.InvariantCulture,
            $"The corpus in {source} is too small to split {options.Train:0.##}/{options.Validation:0.##}/{options.Test:0.##}: the test set would be empty. " +
            $"Tracks per genre{counted}: {perGenre}; at least one genre needs {MinimumGroupsForTest(options)}."));
    }

    /// <summary>The fewest single-item groups of one label that give the test set an item under <paramref name="options"/>'s fractions.</summary>
    public static int MinimumGroupsForTest(SplitOptions options)
    {
        double[] fractions = [options.Train, options.Validation, options.Test];
        for (int n = 1; ; n++)
        {
            var counts = new int[3];
            for (int i = 0; i < n; i++)
            {
                counts[Pick(fractions, n, counts)]++;
            }

            if (counts[2] > 0)
            {
                return n;
            }
        }
    }

    // Largest remaining deficit first; ties go to test, then validation, then train.
    private static int Pick(double[] fractions, int total, int[] counts)
    {
        int best = 2;
        double bestDeficit = double.NegativeInfinity;
        for (int s = 2; s >= 0; s--)
        {
            double deficit = fractions[s] * total - counts[s];
            if (fractions[s] > 0 && deficit > bestDeficit + 1e-9)
            {
                best = s;
                bestDeficit = deficit;
            }
        }

        return best;
    }

    /// <summary>Stratified grouped k-fold: every item is in exactly one test fold.</summary>
    public static IReadOnlyList<Fold> Folds(IReadOnlyList<CorpusItem> items, FoldOptions? options = null)
    {
        options ??= new FoldOptions();
        options.Validate();
        int k = options.K;
        var folds = Enumerable.Range(0, k).Select(_ => new List<CorpusItem>()).ToArray();
        var totals = new int[k];
        foreach (List<Group> groups in ShuffledByLabel(items, options.GroupBy, options.Seed))
        {
            var perLabel = new int[k];
            foreach (Group group in groups)
            {
                int best = 0;
                for (int f = 1; f < k; f++)
                {
                    if (perLabel[f] < perLabel[best] || (perLabel[f] == perLabel[best] && totals[f] < totals[best]))
                    {
                        best = f;
                    }
                }

                perLabel[best] += group.Items.Count;
                totals[best] += group.Items.Count;
                folds[best].AddRange(group.Items);
            }
        }

        return Enumerable.Range(0, k)
            .Select(f => new Fold(f, folds.Where((_, i) => i != f).SelectMany(x => x).ToList(), folds[f]))
            .ToList();
    }

    private sealed record Group(string Key, string Label, List<CorpusItem> Items);

    /// <summary>Groups per label (a group's label is its most common one), each label's groups shuffled by seed.</summary>
    private static IEnumerable<List<Group>> ShuffledByLabel(IReadOnlyList<CorpusItem> items, GroupBy groupBy, ulong seed)
    {
        List<Group> groups = items
            .GroupBy(i => GroupKey(i, groupBy), StringComparer.Ordinal)
            .Select(g =>
            {
                List<CorpusItem> members = g.OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.TrackId, StringComparer.Ordinal).ToList();
                string label = members.GroupBy(i => i.Label).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key;
                return new Group(g.Key, label, members);
            })
            .ToList();
        foreach (IGrouping<string, Group> byLabel in groups.GroupBy(g => g.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            List<Group> list = byLabel.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            new Pcg32(Pcg32.Mix(seed, Pcg32.Hash(byLabel.Key))).Shuffle(list);
            yield return list;
        }
    }
}
