using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Cli.Training;
using Timbre.Core.Errors;
using Timbre.Data.Splits;
using Timbre.Inference;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre evaluate</c>: a trained package on a corpus (all of it, or the test part of its 8:1:1 split) → report.</summary>
internal static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model package folder.", Required = true };
        var data = new Option<string>("--data") { Description = "Corpus folder or manifest CSV.", Required = true };
        var split = new Option<string>("--split") { Description = "all (every track) or test (the test tenth of the 8:1:1 split with --seed).", DefaultValueFactory = _ => "all" };
        var seed = new Option<int>("--seed") { Description = "Split seed (with --split test; train uses 42 by default).", DefaultValueFactory = _ => 42 };
        var output = new Option<string?>("--out") { Description = "Report folder (default PKG/evaluation)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Feature cache folder (default DATA/.timbre-cache)." };
        var json = new Option<bool>("--json") { Description = "Print report.json on stdout when done; progress and notes go to stderr." };
        var command = new Command("evaluate", "Evaluate a trained model on a corpus and write report.md, report.json and plots.");
        foreach (Option o in new Option[] { model, data, split, seed, output, cacheDir, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => Task.FromResult(Run(
            parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(split)!, parse.GetValue(seed), parse.GetValue(output), parse.GetValue(cacheDir), parse.GetValue(json), ct)));
        return command;
    }

    private static int Run(string packagePath, string data, string splitName, int seed, string? output, string? cacheDir, bool json, CancellationToken ct)
    {
        splitName = splitName.Trim().ToLowerInvariant();
        if (splitName is not ("all" or "test"))
        {
            throw new InvalidOptionsException($"--split must be all or test; got '{splitName}'.");
        }

        var console = EpochProgressView.Console(json);
        using var package = PackagedModel.Load(packagePath);
        if (package.Labels.Count == 0)
        {
            throw new InvalidOptionsException($"{packagePath}: the {package.Manifest.ModelKind} package has no genre classifier (it only embeds); use it with embed, scan, recommend or serve.");
        }

        var source = CorpusSource.Load(data, cacheDir);
        var splitOptions = new SplitOptions { Seed = (ulong)seed };
        var split = splitName == "all" ? null : CorpusSplitter.Split(source.Corpus.Items, splitOptions);
        if (split is not null)
        {
            CorpusSplitter.RequireTestItems(split, source.Corpus.Items, data, splitOptions);
        }

        using var cache = TrainingArguments.OpenCache(console, source, package.Representation, ct);
        int[] tracks = split is null
            ? Enumerable.Range(0, cache.Tracks.Count).ToArray()
            : CorpusSource.TrackIndices(cache, split.Test);
        var result = ModelPipeline.Evaluate(package.Model, cache, package.Representation, package.Normalization, tracks, package.Labels);
        string folder = output ?? Path.Combine(packagePath, "evaluation");
        var settings = new Dictionary<string, string>
        {
            ["model"] = $"{packagePath} ({package.Id})",
            ["data"] = data,
            ["split"] = splitName == "all" ? "all tracks" : string.Create(CultureInfo.InvariantCulture, $"test tenth of the 8:1:1 split, seed {seed}"),
            ["tracks"] = tracks.Length.ToString(CultureInfo.InvariantCulture),
        };
        ReportFiles.Write(folder, $"{package.Manifest.ModelKind} on {source.Corpus.Name}", package.Labels, settings, [new ModelRun(package.Manifest.ModelKind, result, null)]);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{tracks.Length} tracks: clip accuracy {result.Clip.Accuracy:0.000}, macro-F1 {result.Clip.Macro.F1:0.000}, AUC {result.Clip.MacroAuc:0.000}, track accuracy {result.Track.Accuracy:0.000}")));
        console.MarkupLineInterpolated($"wrote [green]{Path.Combine(folder, "report.md")}[/], report.json and plots");
        if (json)
        {
            ReportFiles.PrintJson(folder);
        }

        return 0;
    }
}
