using Timbre.Core.Errors;
using Timbre.Experiments.OfflineEvaluation;
using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Experiments.Tests.OfflineEvaluation;

public class RecommenderStudyTests
{
    private static readonly SyntheticCatalogOptions s_catalog = new() { Genres = 4, TracksPerGenre = 15, Dimension = 8, Seed = 2 };
    private static readonly HashSet<string> s_genreMethods = ["m2", "profile", "multi", "hybrid"];
    private static readonly RecommenderStudyOptions s_options = new() { Users = 10, LikesPerUser = 6, N = 5, Seed = 3 };

    [Fact]
    public void WithGenresEveryMethodTheSweepTheCurveAndTheTestsRun()
    {
        var steps = new List<string>();
        var r = RecommenderStudy.Run(SyntheticCatalog.Context([], s_catalog), true, s_options, steps.Add);
        Assert.Equal((5, 5), (r.SingleUsers, r.MultiUsers));
        Assert.Empty(r.Skipped);
        Assert.Equal(MethodRegistry.Names.Count * 3, r.Methods.Count);
        Assert.Equal(ThresholdSweep.DefaultThresholds.Count * 3, r.Sweep.Count);
        Assert.Equal(ColdStartCurve.DefaultKnown.Count * ColdStartCurve.DefaultMethods.Count, r.ColdStart.Count);
        Assert.Equal(9, r.Comparisons.Count);
        Assert.All(r.Comparisons, c => Assert.Equal(c.UserKind == "all" ? 10 : 5, c.Result.Pairs));
        Assert.Equal(["simulating users", "evaluating 10 methods × 10 users", "θ sweep", "cold-start curve"], steps);
    }

    [Fact]
    public void WithoutGenresTheGenreMethodsAndTheSweepAreSkipped()
    {
        var r = RecommenderStudy.Run(SyntheticCatalog.Context([], s_catalog), false, s_options, _ => { });
        Assert.Equal(["m2: no genre information", "profile: no genre information", "multi: no genre information", "hybrid: no genre information"], r.Skipped);
        Assert.DoesNotContain(r.Methods, m => s_genreMethods.Contains(m.Method));
        Assert.Empty(r.Sweep);
        Assert.Empty(r.Comparisons); // m2 is gone, so m2 − m1 is not tested
        Assert.DoesNotContain(r.ColdStart, c => s_genreMethods.Contains(c.Method));
    }

    [Fact]
    public void TooFewUsersOrAnEmptyListAreRejected()
    {
        Assert.Throws<InvalidOptionsException>(() => (s_options with { Users = 1 }).Validate());
        Assert.Throws<InvalidOptionsException>(() => (s_options with { N = 0 }).Validate());
    }
}
