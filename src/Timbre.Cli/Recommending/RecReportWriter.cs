using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Timbre.Experiments.OfflineEvaluation;
using Timbre.Reporting;

namespace Timbre.Cli.Recommending;

/// <summary>Writes rec-report.md, rec-report.json and the PNG charts of an <see cref="RecEvaluation"/>, and prints its table.</summary>
internal static class RecReportWriter
{
    /// <summary>File names written into the output folder.</summary>
    public static readonly string[] Files = ["rec-report.md", "rec-report.json", "rec-methods.png", "rec-genre-accuracy.png", "rec-theta-sweep.png", "rec-cold-start.png"];

    /// <summary>Writes every file into <paramref name="dir"/> (created when missing).</summary>
    public static void Write(RecEvaluation e, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "rec-report.json"), JsonSerializer.Serialize(e, RecCli.JsonOptions));
        File.WriteAllText(Path.Combine(dir, "rec-report.md"), Markdown(e));
        Charts(e, dir);
    }

    /// <summary>Prints the method table (single and multi users), the θ sweep and the cold-start curve.</summary>
    public static void Print(RecEvaluation e)
    {
        var console = RecCli.Out();
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var table = new Table().AddColumns("Method", "Users", "P@n", "R@n", "nDCG@n", "Hit", "Genre acc", "Coverage", "Diversity");
        table.Title = new TableTitle(Markup.Escape($"{e.Model} · {e.Tracks} tracks · n = {e.N}"));
        foreach (var kind in new[] { "single", "multi" })
        {
            foreach (var r in e.Methods.Where(r => r.UserKind == kind))
            {
                table.AddRow(Markup.Escape(r.Method), kind, F(r.Precision), F(r.Recall), F(r.Ndcg), F(r.HitRate), F(r.GenreAccuracy), F(r.Coverage), F(r.Diversity));
            }
        }

        console.Write(table);
        if (e.Sweep.Count > 0)
        {
            var sweep = new Table().AddColumns("θ", "Genre acc single", "Genre acc multi", "P@n single", "P@n multi");
            sweep.Title = new TableTitle("multicategory threshold sweep");
            foreach (var g in e.Sweep.GroupBy(r => r.Threshold))
            {
                var s = g.First(r => r.UserKind == "single");
                var m = g.First(r => r.UserKind == "multi");
                sweep.AddRow(F(g.Key, "0.00"), F(s.GenreAccuracy), F(m.GenreAccuracy), F(s.Precision), F(m.Precision));
            }

            console.Write(sweep);
        }

        var methods = e.ColdStart.Select(r => r.Method).Distinct().ToList();
        var cold = new Table().AddColumns(["k known", .. methods]);
        cold.Title = new TableTitle("cold start: P@n of cold users with k known ratings");
        foreach (var g in e.ColdStart.GroupBy(r => r.KnownRatings))
        {
            cold.AddRow([g.Key.ToString(CultureInfo.InvariantCulture), .. methods.Select(m => F(g.First(r => r.Method == m).Precision))]);
        }

        console.Write(cold);
        foreach (var t in e.TTests.Where(t => t.UserKind == "all"))
        {
            console.MarkupLineInterpolated($"{t.A} − {t.B} {t.Metric}: Δ = {F(t.Result.MeanDifference)}, t = {F(t.Result.T, "0.00")}, p = {F(t.Result.PValue, "0.0000")} (n = {t.Result.Pairs})");
        }
    }

    private static string Markdown(RecEvaluation e)
    {
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        L("# Recommender evaluation");
        L();
        L($"- catalog: `{e.Catalog}`; analysis set **{e.Model}**, {e.Tracks} tracks, genres: {string.Join(", ", e.Genres)}");
        L($"- genre probabilities: **{e.GenreInfo}**" + e.GenreInfo switch
        {
            "NeighbourVote" => " (no classifier in the analyses: each track's genre vector is the similarity-weighted vote of its 10 nearest labelled tracks, itself excluded — a leave-one-out k-NN classifier over the embeddings)",
            "LabelsOneHot" => " (one-hot of the tracks' own labels: genre methods see the ground truth — an upper bound, not a fair comparison)",
            "Model" => " (the model's classifier)",
            _ => " (none: genre methods skipped)",
        });
        L($"- simulated users: {e.SingleUsers} single-category + {e.MultiUsers} multi-category (2–3 genres), {e.LikesPerUser} likes each (25 % held out), 3 low ratings outside their genres, seed {e.Seed}; n = {e.N}; {e.Seconds:0.0} s");
        foreach (var s in e.Skipped)
        {
            L($"- skipped {s}");
        }

        L();
        L("## Methods");
        L();
        L("| method | users | P@n | R@n | nDCG@n | hit rate | genre acc (000) | coverage | diversity | failures |");
        L("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in new[] { "single", "multi", "all" })
        {
            foreach (var r in e.Methods.Where(r => r.UserKind == kind))
            {
                L($"| {r.Method} | {kind} ({r.Users}) | {F(r.Precision)} | {F(r.Recall)} | {F(r.Ndcg)} | {F(r.HitRate)} | {F(r.GenreAccuracy)} | {F(r.Coverage)} | {F(r.Diversity)} | {r.Failures} |");
            }
        }

        L();
        L("![methods](rec-methods.png) ![genre accuracy](rec-genre-accuracy.png)");
        if (e.Sweep.Count > 0)
        {
            L();
            L("## Multicategory threshold θ");
            L();
            L("| θ | genre acc single | genre acc multi | P@n single | P@n multi | nDCG multi |");
            L("|---|---|---|---|---|---|");
            foreach (var g in e.Sweep.GroupBy(r => r.Threshold))
            {
                var s = g.First(r => r.UserKind == "single");
                var m = g.First(r => r.UserKind == "multi");
                L($"| {F(g.Key, "0.00")} | {F(s.GenreAccuracy)} | {F(m.GenreAccuracy)} | {F(s.Precision)} | {F(m.Precision)} | {F(m.Ndcg)} |");
            }

            L();
            L("![θ sweep](rec-theta-sweep.png)");
        }

        L();
        L("## Cold start");
        L();
        L("Every other user is a full-history community member; the others are cold users whose visible history is cut to k ratings. Held-out likes stay the relevant set. Users have only " + (e.LikesPerUser - (int)Math.Max(1, Math.Round(e.LikesPerUser * 0.25)) + 3) + " known ratings, so larger k are the same as all.");
        L();
        var methods = e.ColdStart.Select(r => r.Method).Distinct().ToList();
        L("| k | " + string.Join(" | ", methods.Select(m => $"{m} P@n")) + " | " + string.Join(" | ", methods.Select(m => $"{m} genre acc")) + " |");
        L("|---|" + string.Concat(Enumerable.Repeat("---|", methods.Count * 2)));
        foreach (var g in e.ColdStart.GroupBy(r => r.KnownRatings))
        {
            L($"| {g.Key} | " + string.Join(" | ", methods.Select(m => F(g.First(r => r.Method == m).Precision))) + " | " + string.Join(" | ", methods.Select(m => F(g.First(r => r.Method == m).GenreAccuracy))) + " |");
        }

        L();
        L("![cold start](rec-cold-start.png)");
        if (e.TTests.Count > 0)
        {
            L();
            L("## Method 1 vs method 2 (paired t-test over users, 001)");
            L();
            L("| users | metric | mean m2 − m1 | t | df | p |");
            L("|---|---|---|---|---|---|");
            foreach (var t in e.TTests)
            {
                L($"| {t.UserKind} | {t.Metric} | {F(t.Result.MeanDifference)} | {F(t.Result.T, "0.00")} | {t.Result.DegreesOfFreedom} | {F(t.Result.PValue, "0.0000")} |");
            }
        }

        return sb.ToString();
    }

    private static void Charts(RecEvaluation e, string dir)
    {
        var all = e.Methods.Where(r => r.UserKind == "all").ToList();
        var names = all.Select(r => r.Method).ToList();
        ChartSeries Bar(string name, Func<MethodResult, double> f, IEnumerable<MethodResult> rows) => new(name, [], rows.Select(f).ToList());
        BarChartPlot.WriteGrouped(
            Path.Combine(dir, "rec-methods.png"),
            new ChartData($"Methods (all users, n = {e.N}, {e.Model})", "method", "score", [Bar($"P@{e.N}", r => r.Precision, all), Bar($"R@{e.N}", r => r.Recall, all), Bar($"nDCG@{e.N}", r => r.Ndcg, all), Bar("hit rate", r => r.HitRate, all)]),
            names,
            new PlotOptions(1200, 600));
        var single = names.Select(m => e.Methods.First(r => r.Method == m && r.UserKind == "single")).ToList();
        var multi = names.Select(m => e.Methods.First(r => r.Method == m && r.UserKind == "multi")).ToList();
        BarChartPlot.WriteGrouped(
            Path.Combine(dir, "rec-genre-accuracy.png"),
            new ChartData("Genre accuracy (000) and P@n by user kind", "method", "score", [Bar("genre acc single", r => r.GenreAccuracy, single), Bar("genre acc multi", r => r.GenreAccuracy, multi), Bar($"P@{e.N} single", r => r.Precision, single), Bar($"P@{e.N} multi", r => r.Precision, multi)]),
            names,
            new PlotOptions(1200, 600));
        if (e.Sweep.Count > 0)
        {
            var kinds = new[] { "single", "multi", "all" };
            LineChartPlot.Write(
                Path.Combine(dir, "rec-theta-sweep.png"),
                new ChartData("Multicategory threshold θ", "θ", "genre accuracy", kinds.Select(k =>
                {
                    var rows = e.Sweep.Where(r => r.UserKind == k).ToList();
                    return new ChartSeries($"{k} users", rows.Select(r => r.Threshold).ToList(), rows.Select(r => r.GenreAccuracy).ToList());
                }).ToList()));
        }
        else
        {
            File.Delete(Path.Combine(dir, "rec-theta-sweep.png"));
        }

        var methods = e.ColdStart.Select(r => r.Method).Distinct().ToList();
        LineChartPlot.Write(
            Path.Combine(dir, "rec-cold-start.png"),
            new ChartData("Cold start: cold users with k known ratings", "known ratings k (x = log2(1 + k))", $"P@{e.N}", methods.Select(m =>
            {
                var rows = e.ColdStart.Where(r => r.Method == m).OrderBy(r => r.KnownRatings).ToList();
                return new ChartSeries(m, rows.Select(r => Math.Log2(1 + r.KnownRatings)).ToList(), rows.Select(r => r.Precision).ToList());
            }).ToList()));
    }

    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);
}
