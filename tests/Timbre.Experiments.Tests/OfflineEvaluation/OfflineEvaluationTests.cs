using Timbre.Experiments.OfflineEvaluation;
using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Xunit.Abstractions;

namespace Timbre.Experiments.Tests.OfflineEvaluation;

public class OfflineEvaluationTests
{
    private readonly ITestOutputHelper _out;

    public OfflineEvaluationTests(ITestOutputHelper output) => _out = output;

    private static (RecommendationContext Context, IReadOnlyList<SimulatedUser> Users) Setup(UserSimulatorOptions? options = null)
    {
        var catalog = SyntheticCatalogOptions.Default; // 10 genres × 50 tracks
        var tracks = SyntheticCatalog.Tracks(catalog);
        var users = UserSimulator.Generate(tracks, SyntheticCatalog.Labels(catalog.Genres), options);
        var context = new RecommendationContext(catalog.FeatureVersion, SyntheticCatalog.Labels(catalog.Genres), tracks, users.SelectMany(u => u.Known).ToList());
        return (context, users);
    }

    [Fact]
    public void SimulatedUsersHaveHiddenLikesInTheirGenres()
    {
        var (context, users) = Setup();
        Assert.Equal(80, users.Count);
        Assert.Equal(40, users.Count(u => u.IsMultiCategory));
        Assert.All(users.Where(u => u.IsMultiCategory), u => Assert.InRange(u.PreferredGenres.Count, 2, 3));
        Assert.All(users, u =>
        {
            Assert.Equal(5, u.HeldOut.Count);
            Assert.DoesNotContain(u.Known, i => u.HeldOut.Contains(i.TrackId));
            Assert.All(u.HeldOut, id => Assert.Contains(context.Tracks[context.RowOf(id)].Genre!, u.PreferredGenres));
        });
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ContentMethodsBeatRandomAndMulticategoryHelpsMultiCategoryUsers()
    {
        var (context, users) = Setup();
        var report = RecommenderEvaluator.Evaluate(context, users, MethodRegistry.All(context));
        foreach (var row in report.Summary.Where(r => r.UserKind != "all"))
        {
            _out.WriteLine($"{row.Method,-9} {row.UserKind,-6} P {row.Precision:0.000} R {row.Recall:0.000} nDCG {row.Ndcg:0.000} hit {row.HitRate:0.00} genre {row.GenreAccuracy:0.000} cov {row.Coverage:0.00} div {row.Diversity:0.00} fail {row.Failures}");
        }

        foreach (var kind in new[] { "single", "multi" })
        {
            var random = report.Row("random", kind)!;
            foreach (var m in new[] { "m1", "m2", "profile", "multi", "hybrid" })
            {
                Assert.True(report.Row(m, kind)!.GenreAccuracy > random.GenreAccuracy + 0.3, $"{m} {kind}");
            }

            Assert.True(report.Row("hybrid", kind)!.Ndcg > random.Ndcg, kind);
        }

        Assert.True(report.Row("multi", "multi")!.GenreAccuracy > report.Row("profile", "multi")!.GenreAccuracy);
        Assert.True(report.Row("profile", "single")!.Precision >= report.Row("multi", "single")!.Precision);
        foreach (var kind in new[] { "single", "multi" })
        {
            foreach (var seedMethod in new[] { "m1", "m2", "profile", "multi" })
            {
                Assert.True(report.Row("hybrid", kind)!.Ndcg >= report.Row(seedMethod, kind)!.Ndcg, $"hybrid vs {seedMethod} ({kind})");
            }
        }
        Assert.True(report.Row("m1", "multi")!.Diversity > 0);
        var t = MethodComparison.Compare(report, "m2", "m1", s => s.GenreAccuracy);
        _out.WriteLine($"m2 - m1 genre accuracy: mean {t.MeanDifference:0.0000} t {t.T:0.00} df {t.DegreesOfFreedom} p {t.PValue:0.0000}");
        Assert.Equal(80, t.Pairs);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ThresholdSweepRunsOverTheGrid()
    {
        var (context, users) = Setup();
        var rows = ThresholdSweep.Run(context, users);
        foreach (var r in rows.Where(r => r.UserKind != "all"))
        {
            _out.WriteLine($"θ {r.Threshold:0.00} {r.UserKind,-6} genre {r.GenreAccuracy:0.000} P {r.Precision:0.000} nDCG {r.Ndcg:0.000}");
        }

        Assert.Equal(6 * 3, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.GenreAccuracy, 0.3, 1));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ColdStartCurveCoversEveryK()
    {
        var (context, users) = Setup(new UserSimulatorOptions { SingleCategoryUsers = 30, MultiCategoryUsers = 30, LikesPerUser = 70, HeldOutFraction = 0.2 });
        var rows = ColdStartCurve.Run(context, users);
        foreach (var r in rows)
        {
            _out.WriteLine($"k {r.KnownRatings,2} {r.Method,-9} P {r.Precision:0.000} nDCG {r.Ndcg:0.000} hit {r.HitRate:0.00} genre {r.GenreAccuracy:0.000}");
        }

        Assert.Equal(ColdStartCurve.DefaultKnown.Count * ColdStartCurve.DefaultMethods.Count, rows.Count);
        double At(int k, string m) => rows.Single(r => r.KnownRatings == k && r.Method == m).GenreAccuracy;
        Assert.Equal(0, At(0, "m1"));
        Assert.True(At(0, "hybrid") > 0); // popularity fallback
        Assert.True(At(5, "m1") > At(1, "als"));
        Assert.True(At(50, "hybrid") >= At(50, "als") - 0.05);
    }
}
