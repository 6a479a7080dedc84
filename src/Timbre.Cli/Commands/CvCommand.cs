using System.CommandLine;
using Spectre.Console;
using Timbre.Cli.Training;
using Timbre.Core.Errors;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre cv</c>: k-fold cross-validation by track → per-fold metrics, mean ± std, 95 % CI, report.</summary>
internal static class CvCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model kind.", Required = true };
        var folds = new Option<int>("--folds") { Description = "Number of folds.", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Report folder (default cv-KIND)." };
        var args = new TrainingArguments();
        var command = new Command("cv", "Cross-validate a model kind on a corpus (folds by track).");
        command.Options.Add(model);
        command.Options.Add(folds);
        command.Options.Add(output);
        args.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            string kind = parse.GetValue(model)!;
            int k = parse.GetValue(folds);
            if (k < 2)
            {
                throw new InvalidOptionsException($"--folds must be at least 2; got {k}.");
            }

            bool json = parse.GetValue(args.Json);
            var console = EpochProgressView.Console(json);
            var representation = args.Representation(parse, kind);
            var options = args.Pipeline(parse, kind: kind);
            string data = parse.GetValue(args.Data)!;
            int seed = parse.GetValue(args.Seed);
            var source = CorpusSource.Load(data, parse.GetValue(args.CacheDir));
            using var cache = TrainingArguments.OpenCache(console, source, representation, ct);
            var cv = CrossValidationRun.Run(new ConsoleExperimentHost(console, source, ct), kind, cache, representation, source.Corpus.Items, k, seed, options, source.Tempi(), ct);
            string folder = parse.GetValue(output) ?? $"cv-{kind}";
            var settings = TrainingRun.Settings(data, options, representation, seed);
            settings["split"] = $"{k}-fold by track, seed {seed}; a ninth of each fold's training tracks for early stopping; metrics at track level";
            ReportFiles.Write(folder, $"{kind}: {k}-fold cross-validation on {source.Corpus.Name}", cache.Labels, settings, [new ModelRun(kind, null, null, cv)]);
            if (json)
            {
                ReportFiles.PrintJson(folder);
            }
            else
            {
                Console.Out.WriteLine(Timbre.Evaluation.Reports.ReportMarkdown.Folds(cv).Render());
            }

            console.MarkupLineInterpolated($"wrote [green]{Path.Combine(folder, "report.md")}[/] and report.json");
            return Task.FromResult(0);
        });
        return command;
    }
}
