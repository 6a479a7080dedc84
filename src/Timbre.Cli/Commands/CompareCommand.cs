using System.CommandLine;
using Spectre.Console;
using Timbre.Cli.Training;
using Timbre.Evaluation.Reports;
using Timbre.Models;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre compare</c>: parses the options, runs <see cref="ModelComparison"/> (every model on the same 8:1:1 split,
/// cross-validation for the chosen ones, McNemar against logistic regression) and prints its tables.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "Comma list of model kinds, or 'all'.", DefaultValueFactory = _ => "all" };
        var cvModels = new Option<string>("--cv-models") { Description = "Comma list of kinds also cross-validated; 'best' = the best on the test split; empty = none.", DefaultValueFactory = _ => "crnn,best" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out") { Description = "Folder for report.md, report.json, plots and one package per model (models/KIND).", Required = true };
        var vectorEpochs = new Option<int>("--vector-epochs") { Description = "Maximum epochs of the summary-vector models (logreg, svm, mlp, stats-cnn1d).", DefaultValueFactory = _ => 200 };
        var resume = new Option<bool>("--resume") { Description = "Reuse OUT/results/KIND.json and OUT/cv-KIND/report.json from earlier runs instead of retraining." };
        var vectorPatience = new Option<int>("--vector-patience") { Description = "Early-stopping patience of the summary-vector models.", DefaultValueFactory = _ => 20 };
        var args = new TrainingArguments();
        var command = new Command("compare", "Train several models on one split of a corpus and compare them in one report.");
        foreach (Option o in new Option[] { models, cvModels, folds, output, vectorEpochs, vectorPatience, resume })
        {
            command.Options.Add(o);
        }

        args.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(Run(
            parse, args, parse.GetValue(models)!, parse.GetValue(cvModels) ?? "", parse.GetValue(folds), parse.GetValue(output)!,
            parse.GetValue(vectorEpochs), parse.GetValue(vectorPatience), parse.GetValue(resume), ct)));
        return command;
    }

    private static int Run(ParseResult parse, TrainingArguments args, string modelList, string cvList, int folds, string output, int vectorEpochs, int vectorPatience, bool resume, CancellationToken ct)
    {
        var kinds = modelList.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? ModelFactory.ClassifierKinds.ToList()
            : modelList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant()).Distinct().ToList();
        var options = new ModelComparisonOptions
        {
            Kinds = kinds,
            CrossValidationKinds = cvList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant()).ToList(),
            Folds = folds,
            Output = output,
            Resume = resume,
            Seed = parse.GetValue(args.Seed),
            Data = parse.GetValue(args.Data)!,
            Pipeline = args.Pipeline(parse),
            VectorEpochs = vectorEpochs,
            VectorPatience = vectorPatience,
        }.Validate();
        bool json = parse.GetValue(args.Json);
        var console = EpochProgressView.Console(json);
        var source = CorpusSource.Load(options.Data, parse.GetValue(args.CacheDir));
        var result = ModelComparison.Run(source, options, kind => args.Representation(parse, kind), new ConsoleExperimentHost(console, source, ct), ct);
        WriteAccuracyChart(output, result.Runs);
        console.WriteLine();
        if (json)
        {
            ReportFiles.PrintJson(output);
        }
        else
        {
            Console.Out.WriteLine(ComparisonTable.Summary(result.Report.Models).Render());
            if (result.Comparisons.Count > 0)
            {
                Console.Out.WriteLine(ReportMarkdown.Comparisons(result.Comparisons).Render());
            }
        }

        console.MarkupLineInterpolated($"wrote [green]{Path.Combine(output, "report.md")}[/], report.json, plots and models/KIND packages");
        return 0;
    }

    private static void WriteAccuracyChart(string output, IReadOnlyList<ModelRun> runs)
    {
        var scored = runs.Where(e => e.Result is not null).ToList();
        if (scored.Count > 0)
        {
            Timbre.Reporting.BarChartPlot.WriteProbabilities(
                Path.Combine(output, "accuracy.png"), scored.Select(e => e.Name).ToArray(), scored.Select(e => e.Result!.Track.Accuracy).ToArray(), "Test track accuracy by model", yLabel: "Track accuracy");
        }
    }
}
