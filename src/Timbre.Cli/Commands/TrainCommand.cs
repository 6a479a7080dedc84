using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Cli.Training;
using Timbre.Data.Splits;
using Timbre.Inference;
using Timbre.Inference.Packaging;
using Timbre.Training.Contrastive;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre train</c>: split 8:1:1 by track, train with early stopping, evaluate on test, write the package and report.</summary>
internal static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model kind: " + string.Join(", ", Timbre.Models.ModelFactory.Kinds) + ".", Required = true };
        var output = new Option<string>("--out") { Description = "Package folder to write (weights, manifest, report, plots).", Required = true };
        var minutes = new Option<double>("--minutes") { Description = "contrastive: wall-time budget of the whole run (decoding and training), minutes.", DefaultValueFactory = _ => 30 };
        var maxTrackSeconds = new Option<double>("--max-track-seconds") { Description = "contrastive: most seconds of each track kept in memory (evenly spaced excerpts of longer ones).", DefaultValueFactory = _ => 240 };
        var init = new Option<string?>("--init") { Description = "contrastive: continue training from this contrastive package's weights." };
        var args = new TrainingArguments();
        var command = new Command("train", "Train a genre model on a corpus — or, with --model contrastive, a self-supervised encoder on any folder of audio (no labels) — and write a model package with its report.");
        command.Options.Add(model);
        command.Options.Add(output);
        command.Options.Add(minutes);
        command.Options.Add(maxTrackSeconds);
        command.Options.Add(init);
        args.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(
            string.Equals(parse.GetValue(model), ContrastiveTrainer.Kind, StringComparison.OrdinalIgnoreCase)
                ? ContrastiveRun.Run(parse, args, parse.GetValue(output)!, parse.GetValue(minutes), parse.GetValue(maxTrackSeconds), parse.GetValue(init), ct)
                : Run(parse, args, parse.GetValue(model)!, parse.GetValue(output)!, ct)));
        return command;
    }

    private static int Run(ParseResult parse, TrainingArguments args, string kind, string output, CancellationToken ct)
    {
        bool json = parse.GetValue(args.Json);
        var console = EpochProgressView.Console(json);
        var options = args.Pipeline(parse, kind: kind);
        var representation = args.Representation(parse, kind);
        string data = parse.GetValue(args.Data)!;
        int seed = parse.GetValue(args.Seed);
        var source = CorpusSource.Load(data, parse.GetValue(args.CacheDir));
        var splitOptions = new SplitOptions { Seed = (ulong)seed };
        var corpusSplit = CorpusSplitter.Split(source.Corpus.Items, splitOptions);
        CorpusSplitter.RequireTestItems(corpusSplit, source.Corpus.Items, data, splitOptions);
        using var cache = TrainingArguments.OpenCache(console, source, representation, ct);
        var split = SplitTracks.Of(cache, corpusSplit);
        var (trained, test) = TrainingRun.Run(new ConsoleExperimentHost(console, source, ct), kind, kind, cache, representation, split, options, source.Tempi(), ct);
        using (trained)
        {
            var summary = new TrainingDataSummary(source.Corpus.Name, split.Train.Length, ClipSet.SelectClips(cache, split.Train, options.MaxTrainClipsPerTrack).Count,
                string.Create(CultureInfo.InvariantCulture, $"8:1:1 by track, seed {seed}: {split.Train.Length}/{split.Validation.Length}/{split.Test.Length} tracks"));
            var manifest = PackagedModel.Save(output, trained, TrainingRun.Metrics(test), summary);
            var settings = TrainingRun.Settings(data, options, representation, seed);
            settings["model"] = kind;
            foreach (var (note, i) in trained.Notes.Select((n, i) => (n, i)))
            {
                settings[$"note {i + 1}"] = note;
            }

            ReportFiles.Write(output, $"{kind} on {source.Corpus.Name}", trained.Labels, settings, [new ModelRun(kind, test, trained.History)]);
            console.MarkupLineInterpolated($"wrote [green]{output}[/] ({manifest.ModelKind}, {manifest.Labels.Length} genres, weights {manifest.WeightsSha256[..12]}…) with report.md, report.json and plots");
        }

        if (json)
        {
            ReportFiles.PrintJson(output);
        }

        return 0;
    }
}
