using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Evaluation;

namespace Timbre.Cli.Recommending;

/// <summary>One paired t-test row of the report (method a − method b on one metric and user kind).</summary>
/// <param name="A">Method a.</param>
/// <param name="B">Method b.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="UserKind">"single", "multi" or "all".</param>
/// <param name="Result">The test.</param>
internal sealed record TTestRow(string A, string B, string Metric, string UserKind, PairedTTestResult Result);

/// <summary>Everything <c>timbre eval-rec</c> measured.</summary>
/// <param name="Catalog">Catalog file.</param>
/// <param name="Model">Analysis set "model vN".</param>
/// <param name="GenreInfo">Where the genre probabilities came from.</param>
/// <param name="Tracks">Tracks in the snapshot.</param>
/// <param name="Genres">Genre labels.</param>
/// <param name="SingleUsers">Single-category users.</param>
/// <param name="MultiUsers">Multi-category users.</param>
/// <param name="LikesPerUser">Likes per user (known + held out).</param>
/// <param name="N">List length n.</param>
/// <param name="Seed">Simulation seed.</param>
/// <param name="Skipped">Methods left out and why.</param>
/// <param name="Methods">Summary rows.</param>
/// <param name="Sweep">θ sweep rows.</param>
/// <param name="ColdStart">Cold-start rows.</param>
/// <param name="TTests">Paired t-tests.</param>
/// <param name="Seconds">Wall time.</param>
internal sealed record RecEvaluation(
    string Catalog,
    string Model,
    string GenreInfo,
    int Tracks,
    IReadOnlyList<string> Genres,
    int SingleUsers,
    int MultiUsers,
    int LikesPerUser,
    int N,
    int Seed,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<MethodResult> Methods,
    IReadOnlyList<ThresholdSweepRow> Sweep,
    IReadOnlyList<ColdStartRow> ColdStart,
    IReadOnlyList<TTestRow> TTests,
    double Seconds)
{
    /// <summary>Runs the whole offline evaluation on a snapshot (its own interactions replaced by simulated users').</summary>
    public static RecEvaluation Run(string catalog, CatalogSnapshot snapshot, int users, int likes, int n, int seed, Action<string> progress)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var baseContext = snapshot.Context;
        var simOptions = new UserSimulatorOptions
        {
            SingleCategoryUsers = users / 2,
            MultiCategoryUsers = users - (users / 2),
            LikesPerUser = likes,
            Seed = seed,
        }.Validate();
        progress("simulating users");
        var simulated = UserSimulator.Generate(baseContext.Tracks, baseContext.GenreLabels, simOptions);
        var context = baseContext.WithInteractions(simulated.SelectMany(u => u.Known).ToList());

        var skipped = new List<string>();
        var names = StandardMethods.Names.ToList();
        if (!snapshot.HasGenres)
        {
            skipped.AddRange(names.Where(RecCli.GenreMethods.Contains).Select(m => $"{m}: no genre information"));
            names = names.Where(m => !RecCli.GenreMethods.Contains(m)).ToList();
        }

        var methods = names.Select(m => StandardMethods.Create(m, context)).ToList();
        progress($"evaluating {methods.Count} methods × {simulated.Count} users");
        var report = RecommenderEvaluator.Evaluate(context, simulated, methods, n);

        IReadOnlyList<ThresholdSweepRow> sweep = [];
        if (snapshot.HasGenres)
        {
            progress("θ sweep");
            sweep = ThresholdSweep.Run(context, simulated, null, n);
        }

        progress("cold-start curve");
        var coldMethods = ColdStartCurve.DefaultMethods.Where(names.Contains).ToList();
        var cold = ColdStartCurve.Run(baseContext, simulated, null, coldMethods, n);

        var tests = new List<TTestRow>();
        if (names.Contains("m1") && names.Contains("m2"))
        {
            foreach (var kind in new[] { "all", "single", "multi" })
            {
                var sub = new EvaluationReport(report.Summary, report.PerUser.Where(s => kind == "all" || s.MultiCategory == (kind == "multi")).ToList());
                tests.Add(new TTestRow("m2", "m1", "precision", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.Precision)));
                tests.Add(new TTestRow("m2", "m1", "genre accuracy", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.GenreAccuracy)));
                tests.Add(new TTestRow("m2", "m1", "nDCG", kind, MethodComparison.Compare(sub, "m2", "m1", s => s.Ndcg)));
            }
        }

        return new RecEvaluation(
            Path.GetFullPath(catalog),
            $"{snapshot.Set.ModelId} v{snapshot.Set.FeatureVersion}",
            snapshot.GenreInfo.ToString(),
            baseContext.Tracks.Count,
            baseContext.GenreLabels,
            simOptions.SingleCategoryUsers,
            simOptions.MultiCategoryUsers,
            likes,
            n,
            seed,
            skipped,
            report.Summary,
            sweep,
            cold,
            tests,
            watch.Elapsed.TotalSeconds);
    }
}
