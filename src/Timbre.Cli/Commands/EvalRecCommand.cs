using System.CommandLine;
using Spectre.Console;
using Timbre.Cli.Recommending;
using Timbre.Core.Errors;
using Timbre.Experiments.OfflineEvaluation;
using Timbre.Recommendation.Catalog;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre eval-rec --catalog C [--users N] [--n 10] [--seed K] [--likes L] [--genres vote|onehot] --out DIR</c>:
/// offline evaluation of every recommender with simulated users built from the catalog's labels.
/// </summary>
internal static class EvalRecCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var users = new Option<int>("--users") { Description = "Simulated users (half single-category, half multi-category).", DefaultValueFactory = _ => 200 };
        var n = new Option<int>("--n") { Description = "List length n.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Simulation seed.", DefaultValueFactory = _ => 11 };
        var likes = new Option<int>("--likes") { Description = "Likes per simulated user (25 % held out).", DefaultValueFactory = _ => 20 };
        var genres = new Option<string>("--genres")
        {
            Description = "Genre probabilities when the analyses have none: 'vote' (leave-one-out k-NN over embeddings) or 'onehot' (the labels themselves; leaks them).",
            DefaultValueFactory = _ => "vote",
        };
        var analysis = RecCli.AnalysisOption();
        var output = new Option<string>("--out") { Description = "Output folder for rec-report.md/.json and PNGs.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print rec-report.json on stdout when done; progress and notes go to stderr." };
        var command = new Command("eval-rec", "Offline evaluation of every recommender with simulated users from the catalog's genre labels (tag, else folder name).");
        foreach (var o in new Option[] { catalog, users, n, seed, likes, genres, analysis, output, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(p =>
        {
            var study = new RecommenderStudyOptions { Users = p.GetValue(users), N = p.GetValue(n), LikesPerUser = p.GetValue(likes), Seed = p.GetValue(seed) }.Validate();

            var fallback = p.GetValue(genres) switch
            {
                "vote" => GenreFallback.NeighbourVote,
                "onehot" => GenreFallback.OneHot,
                var other => throw new InvalidOptionsException($"--genres must be 'vote' or 'onehot', got '{other}'."),
            };
            var path = p.GetValue(catalog)!;
            using var store = RecCli.OpenStore(path);
            var snapshot = RecCli.Load(store, p.GetValue(analysis), folderGenres: true, fallback);
            if (snapshot.Context.Tracks.All(t => t.Genre is null) && !snapshot.HasGenres)
            {
                throw new InvalidOptionsException("eval-rec needs genre labels (tags or folder names) or a model with a classifier to simulate users.");
            }

            var asJson = p.GetValue(json);
            var console = asJson ? CliConsole.CreateError() : RecCli.Out();
            var e = RecEvaluation.Run(path, snapshot, study, s => console.MarkupLineInterpolated($"[grey]{s}…[/]"));
            var dir = p.GetValue(output)!;
            RecReportWriter.Write(e, dir);
            if (asJson)
            {
                Console.Out.WriteLine(File.ReadAllText(Path.Combine(dir, "rec-report.json")).Trim());
            }
            else
            {
                RecReportWriter.Print(e);
            }

            console.MarkupLineInterpolated($"wrote {Path.Combine(dir, "rec-report.md")}, rec-report.json and PNGs");
            return 0;
        });
        return command;
    }
}
