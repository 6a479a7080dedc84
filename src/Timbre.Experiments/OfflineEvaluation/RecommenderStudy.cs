using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>
/// The whole offline evaluation behind <c>timbre eval-rec</c>: simulated users from the catalog's genre labels,
/// every method, the multicategory θ sweep, the cold-start curve and paired t-tests of m2 against m1.
/// </summary>
public static class RecommenderStudy
{
    /// <summary>
    /// Runs the study on <paramref name="catalog"/> (its own interactions are replaced by the simulated users').
    /// Without genre information (<paramref name="hasGenres"/> false) the methods that need genres
    /// (<see cref="MethodEntry.NeedsGenres"/>) and the θ sweep are skipped.
    /// </summary>
    public static RecommenderStudyResult Run(
        RecommendationContext catalog, bool hasGenres, RecommenderStudyOptions options, Action<string> progress)
    {
        var o = options.Validate();
        var simOptions = new UserSimulatorOptions
        {
            SingleCategoryUsers = o.Users / 2,
            MultiCategoryUsers = o.Users - (o.Users / 2),
            LikesPerUser = o.LikesPerUser,
            Seed = o.Seed,
        }.Validate();
        progress("simulating users");
        var simulated = UserSimulator.Generate(catalog.Tracks, catalog.GenreLabels, simOptions);
        var context = catalog.WithInteractions(simulated.SelectMany(u => u.Known).ToList());

        var skipped = new List<string>();
        var entries = MethodRegistry.Entries.ToList();
        if (!hasGenres)
        {
            skipped.AddRange(entries.Where(e => e.NeedsGenres).Select(e => $"{e.Name}: no genre information"));
            entries = entries.Where(e => !e.NeedsGenres).ToList();
        }

        var names = entries.Select(e => e.Name).ToList();
        var methods = entries.Select(e => e.Create(context)).ToList();
        progress($"evaluating {methods.Count} methods × {simulated.Count} users");
        var report = RecommenderEvaluator.Evaluate(context, simulated, methods, o.N);

        IReadOnlyList<ThresholdSweepRow> sweep = [];
        if (hasGenres)
        {
            progress("θ sweep");
            sweep = ThresholdSweep.Run(context, simulated, null, o.N);
        }

        progress("cold-start curve");
        var coldMethods = ColdStartCurve.DefaultMethods.Where(names.Contains).ToList();
        var cold = ColdStartCurve.Run(catalog, simulated, null, coldMethods, o.N);

        var tests = new List<ComparisonRow>();
        if (names.Contains("m1") && names.Contains("m2"))
        {
            foreach (var kind in new[] { "all", "single", "multi" })
            {
                var sub = new EvaluationReport(report.Summary, report.PerUser.Where(s => kind == "all" || s.MultiCategory == (kind == "multi")).ToList());
                tests.Add(new ComparisonRow("m2", "m1", "precision", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.Precision)));
                tests.Add(new ComparisonRow("m2", "m1", "genre accuracy", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.GenreAccuracy)));
                tests.Add(new ComparisonRow("m2", "m1", "nDCG", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.Ndcg)));
            }
        }

        return new RecommenderStudyResult(simOptions.SingleCategoryUsers, simOptions.MultiCategoryUsers, skipped, report.Summary, sweep, cold, tests);
    }
}
