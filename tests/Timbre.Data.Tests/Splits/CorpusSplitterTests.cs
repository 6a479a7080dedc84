using Timbre.Core.Errors;
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

    [Theory]
    [InlineData(0.8, 0.1, 0.1, 4)]
    [InlineData(0.6, 0.2, 0.2, 2)]
    public void MinimumGroupsForTest_IsTheFewestTracksPerLabelThatSplitGivesATestItem(double train, double validation, double test, int expected)
    {
        var options = new SplitOptions { Train = train, Validation = validation, Test = test };
        Assert.Equal(expected, CorpusSplitter.MinimumGroupsForTest(options));
        static List<CorpusItem> Tracks(int n) => Enumerable.Range(0, n).Select(t => new CorpusItem($"/x/a/{t}.wav", "a", $"a.{t}")).ToList();
        Assert.Empty(CorpusSplitter.Split(Tracks(expected - 1), options).Test);
        Assert.NotEmpty(CorpusSplitter.Split(Tracks(expected), options).Test);
    }

    [Fact]
    public void RequireTestItems_NamesTheFolderTheTracksPerGenreAndTheMinimum()
    {
        List<CorpusItem> items =
        [
            new("/c/rock/1.wav", "rock", "r1"), new("/c/rock/2.wav", "rock", "r2"), new("/c/jazz/1.wav", "jazz", "j1", "Miles"), new("/c/jazz/2.wav", "jazz", "j2", "Miles"),
        ];
        DatasetSplit split = CorpusSplitter.Split(items);
        var error = Assert.Throws<TimbreException>(() => CorpusSplitter.RequireTestItems(split, items, "/c"));
        Assert.Contains("/c", error.Message, StringComparison.Ordinal);
        Assert.Contains("jazz 1, rock 2", error.Message, StringComparison.Ordinal); // Miles's two tracks are one group
        Assert.Contains("needs 4", error.Message, StringComparison.Ordinal);
        CorpusSplitter.RequireTestItems(CorpusSplitter.Split(Sliced()), Sliced(), "/x");
    }
}
