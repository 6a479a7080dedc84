using Timbre.Data.Loaders;
using Timbre.Data.Splits;

namespace Timbre.Data.Tests.Splits;

public class CorpusSplitterTests
{
    // 4 labels × 30 tracks × 5 slices per track: slices share the track id.
    private static List<CorpusItem> Sliced(bool withArtists = false)
    {
        var items = new List<CorpusItem>();
        foreach (string label in new[] { "a", "b", "c", "d" })
        {
            for (int t = 0; t < 30; t++)
            {
                for (int s = 0; s < 5; s++)
                {
                    string? artist = withArtists ? $"{label}-artist{t % 10}" : null;
                    items.Add(new CorpusItem($"/x/{label}/{t}/{s}.wav", label, $"{label}.{t}", artist));
                }
            }
        }

        return items;
    }

    [Fact]
    public void Slices_of_a_track_never_cross_train_validation_test()
    {
        DatasetSplit split = CorpusSplitter.Split(Sliced(), new SplitOptions { Seed = 3 });
        HashSet<string> train = split.Train.Select(i => i.TrackId).ToHashSet();
        HashSet<string> validation = split.Validation.Select(i => i.TrackId).ToHashSet();
        HashSet<string> test = split.Test.Select(i => i.TrackId).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(600, split.Train.Count + split.Validation.Count + split.Test.Count);
        foreach (string label in new[] { "a", "b", "c", "d" })
        {
            Assert.Equal(24 * 5, split.Train.Count(i => i.Label == label));
            Assert.Equal(3 * 5, split.Validation.Count(i => i.Label == label));
            Assert.Equal(3 * 5, split.Test.Count(i => i.Label == label));
        }
    }

    [Fact]
    public void Artists_never_cross_sets_when_known()
    {
        DatasetSplit split = CorpusSplitter.Split(Sliced(withArtists: true), new SplitOptions { Seed = 1 });
        HashSet<string?> train = split.Train.Select(i => i.Artist).ToHashSet();
        Assert.Empty(train.Intersect(split.Test.Select(i => i.Artist)));
        Assert.Empty(train.Intersect(split.Validation.Select(i => i.Artist)));
        Assert.NotEmpty(split.Test);
    }

    [Fact]
    public void Folds_are_grouped_stratified_complete_and_deterministic()
    {
        List<CorpusItem> items = Sliced();
        IReadOnlyList<Fold> folds = CorpusSplitter.Folds(items, new FoldOptions { K = 10, Seed = 7 });
        Assert.Equal(10, folds.Count);

        // Every item in exactly one test fold.
        List<CorpusItem> tested = folds.SelectMany(f => f.Test).ToList();
        Assert.Equal(items.Count, tested.Count);
        Assert.Equal(items.ToHashSet(), tested.ToHashSet());

        foreach (Fold fold in folds)
        {
            Assert.Empty(fold.Train.Select(i => i.TrackId).ToHashSet().Intersect(fold.Test.Select(i => i.TrackId)));
            Assert.Equal(items.Count, fold.Train.Count + fold.Test.Count);
        }

        // Stratified: per label, track counts per fold differ by at most one.
        foreach (string label in new[] { "a", "b", "c", "d" })
        {
            int[] perFold = folds.Select(f => f.Test.Where(i => i.Label == label).Select(i => i.TrackId).Distinct().Count()).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, string.Join(",", perFold));
        }

        IReadOnlyList<Fold> again = CorpusSplitter.Folds(items, new FoldOptions { K = 10, Seed = 7 });
        Assert.Equal(folds.Select(f => f.Test.Select(i => i.Path)), again.Select(f => f.Test.Select(i => i.Path)));
        IReadOnlyList<Fold> other = CorpusSplitter.Folds(items, new FoldOptions { K = 10, Seed = 8 });
        Assert.NotEqual(folds[0].Test.Select(i => i.Path), other[0].Test.Select(i => i.Path));
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => CorpusSplitter.Split(Sliced(), new SplitOptions { Train = 0.9 }));
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => CorpusSplitter.Folds(Sliced(), new FoldOptions { K = 1 }));
    }
}
