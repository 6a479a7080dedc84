namespace Timbre.Evaluation.Retrieval;

/// <summary>
/// Folds that never split a group: every item of one album (or artist) lands in the same fold, so a method that
/// learns from groups is never scored on a group it trained on. Groups are shuffled with the seed and dealt to the
/// fold holding the fewest items so far (largest groups first), which keeps folds close in size.
/// </summary>
public static class GroupFolds
{
    /// <summary>The fold (0 … folds − 1) of each item.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 folds, or fewer groups than folds.</exception>
    public static int[] Assign(IReadOnlyList<string> groups, int folds, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var distinct = groups.Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToArray();
        if (distinct.Length < folds)
        {
            throw new ArgumentException($"{distinct.Length} groups cannot fill {folds} folds; each fold needs a group of its own.", nameof(folds));
        }

        new Random(seed).Shuffle(distinct);
        var sizes = groups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var load = new int[folds];
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in distinct.OrderByDescending(g => sizes[g]))
        {
            var target = Array.IndexOf(load, load.Min());
            foldOf[group] = target;
            load[target] += sizes[group];
        }

        return [.. groups.Select(g => foldOf[g])];
    }
}
