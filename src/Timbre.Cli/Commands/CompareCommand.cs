using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Cli.Training;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Data.Splits;
using Timbre.Evaluation.Reports;
using Timbre.Evaluation.Statistics;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Models;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre compare</c>: every model on the same 8:1:1 split, one table (accuracy, macro-F1, AUC, track accuracy,
/// CV ± CI for the chosen models), McNemar between the best model and logistic regression on the test tracks.
/// </summary>
internal static class CompareCommand
{
    private static readonly HashSet<string> VectorKinds = new(["logreg", "svm", "mlp", "stats-cnn1d"], StringComparer.OrdinalIgnoreCase);

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
        foreach (string k in kinds)
        {
            ModelFactory.OptionsType(k);
        }

        var cvKinds = cvList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant()).ToList();
        if (cvKinds.Count > 0 && folds < 2)
        {
            throw new InvalidOptionsException($"--folds must be at least 2; got {folds}.");
        }

        var console = EpochProgressView.Console();
        string data = parse.GetValue(args.Data)!;
        int seed = parse.GetValue(args.Seed);
        var baseOptions = args.Pipeline(parse);
        var vectorOptions = baseOptions with { Trainer = baseOptions.Trainer with { Epochs = vectorEpochs, Patience = vectorPatience } };
        var source = CorpusSource.Load(data, parse.GetValue(args.CacheDir));
        var tempi = source.Tempi();
        var split = CorpusSplitter.Split(source.Corpus.Items, new SplitOptions { Seed = (ulong)seed });
        Directory.CreateDirectory(output);
        var caches = new Dictionary<string, FeatureCache>(StringComparer.Ordinal);
        var entries = new List<ReportEntry>();
        var results = new Dictionary<string, EvaluationResult>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            FeatureCache CacheFor(Representation r)
            {
                string key = r.Spec.Describe();
                if (!caches.TryGetValue(key, out var cache))
                {
                    cache = TrainingArguments.OpenCache(console, source, r, ct);
                    caches[key] = cache;
                }

                return cache;
            }

            PipelineOptions OptionsFor(string kind)
            {
                var options = VectorKinds.Contains(kind) ? vectorOptions : baseOptions;
                return kind == "mobilenetv2-gru" ? options : options with { BackboneWeightsPath = null }; // --backbone is MobileNetV2's
            }

            string[] labels = [];
            foreach (string kind in kinds)
            {
                if (resume && ResultFile.TryLoad(output, kind) is { } saved)
                {
                    console.MarkupLineInterpolated($"{kind}: reusing {ResultFile.PathFor(output, kind)}");
                    entries.Add(new ReportEntry(kind, saved.Result, saved.History()));
                    results[kind] = saved.Result;
                    seconds[kind] = saved.Seconds;
                    continue;
                }

                var representation = args.Representation(parse, kind);
                var cache = CacheFor(representation);
                var tracks = SplitTracks.Of(cache, split);
                var started = DateTime.UtcNow;
                var (trained, test) = TrainingSession.Run(console, kind, kind, cache, representation, tracks, OptionsFor(kind), tempi, ct);
                seconds[kind] = (DateTime.UtcNow - started).TotalSeconds;
                using (trained)
                {
                    var summary = new TrainingDataSummary(source.Corpus.Name, tracks.Train.Length, ClipSet.SelectClips(cache, tracks.Train, OptionsFor(kind).MaxTrainClipsPerTrack).Count,
                        string.Create(CultureInfo.InvariantCulture, $"8:1:1 by track, seed {seed}"));
                    PackagedModel.Save(Path.Combine(output, "models", kind), trained, TrainingSession.Metrics(test), summary);
                    ResultFile.Save(output, kind, test, trained, seconds[kind]);
                    labels = [.. trained.Labels];
                    entries.Add(new ReportEntry(kind, test, trained.History));
                    results[kind] = test;
                }
            }

            string best = results.OrderByDescending(r => r.Value.Track.Accuracy).ThenByDescending(r => r.Value.Clip.Accuracy).First().Key;
            console.MarkupLineInterpolated($"best on the test split: [green]{best}[/]");
            var cvTargets = cvKinds.Select(k => k == "best" ? best : k).Distinct().ToList();
            foreach (string kind in cvTargets)
            {
                var representation = args.Representation(parse, kind);
                var started = DateTime.UtcNow;
                string cvFolder = Path.Combine(output, "cv-" + kind);
                CrossValidationReport cv;
                if (resume && File.Exists(Path.Combine(cvFolder, "report.json")) && ReportJson.Read(Path.Combine(cvFolder, "report.json")).Models[0].CrossValidation is { } savedCv)
                {
                    console.MarkupLineInterpolated($"{kind}: reusing {cvFolder}/report.json");
                    cv = savedCv;
                }
                else
                {
                    var cache = CacheFor(representation);
                    cv = CrossValidationRun.Run(console, kind, cache, representation, source.Corpus.Items, folds, seed, OptionsFor(kind), tempi, ct);
                    seconds[kind + " cv"] = (DateTime.UtcNow - started).TotalSeconds;
                    ReportFiles.Write(cvFolder, $"{kind}: {folds}-fold cross-validation", cache.Labels, new Dictionary<string, string>(), [new ReportEntry(kind, null, null, cv)]);
                }

                int i = entries.FindIndex(e => e.Name == kind);
                if (i >= 0)
                {
                    entries[i] = entries[i] with { CrossValidation = cv };
                }
                else
                {
                    entries.Add(new ReportEntry(kind, null, null, cv));
                }
            }

            var comparisons = Comparisons(best, results, entries);
            var settings = TrainingSession.Settings(data, baseOptions, args.Representation(parse, "crnn"), seed);
            settings.Remove("features");
            settings["features"] = "per model: see the representation table in src/Timbre.Training/Pipeline/Representation.cs";
            settings["vector models"] = string.Create(CultureInfo.InvariantCulture, $"logreg, svm, mlp, stats-cnn1d: 357-d summary of the whole track, up to {vectorEpochs} epochs, patience {vectorPatience}");
            settings["cross-validation"] = cvTargets.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{folds}-fold by track for {string.Join(", ", cvTargets)}; metrics at track level; a ninth of each fold's training tracks for early stopping");
            settings["best"] = best;
            settings["wall time (s)"] = string.Join(", ", seconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0}")));
            if (labels.Length == 0)
            {
                labels = [.. source.Corpus.Labels.Order(StringComparer.Ordinal)];
            }

            var report = ReportFiles.Write(output, $"Model comparison on {source.Corpus.Name}", labels, settings, entries, comparisons, prefixNames: true);
            WriteAccuracyChart(output, entries);
            console.WriteLine();
            Console.Out.WriteLine(ComparisonTable.Summary(report.Models).Render());
            if (comparisons.Count > 0)
            {
                Console.Out.WriteLine(ReportMarkdown.Comparisons(comparisons).Render());
            }

            console.MarkupLineInterpolated($"wrote [green]{Path.Combine(output, "report.md")}[/], report.json, plots and models/KIND packages");
            return 0;
        }
        finally
        {
            foreach (var cache in caches.Values)
            {
                cache.Dispose();
            }
        }
    }

    private static List<PairedComparison> Comparisons(string best, Dictionary<string, EvaluationResult> results, List<ReportEntry> entries)
    {
        // The best model against the logistic-regression baseline, and the CRNN against it (the seeds' claim).
        const string baseline = "logreg";
        var comparisons = new List<PairedComparison>();
        if (!results.TryGetValue(baseline, out var lr))
        {
            return comparisons;
        }

        foreach (string model in new[] { best, "crnn" }.Distinct().Where(m => m != baseline && results.ContainsKey(m)))
        {
            var a = results[model].Tracks;
            var indexB = lr.Tracks.TrackIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var common = a.TrackIds.Select((id, i) => (id, i)).Where(p => indexB.ContainsKey(p.id)).ToArray();
            var yTrue = common.Select(p => a.Labels[p.i]).ToArray();
            var predA = common.Select(p => a.Predicted[p.i]).ToArray();
            var predB = common.Select(p => lr.Tracks.Predicted[indexB[p.id]]).ToArray();
            comparisons.Add(new PairedComparison(model, baseline, $"test tracks ({common.Length}), McNemar", null, McNemar.Test(yTrue, predA, predB)));
            var cvA = entries.FirstOrDefault(e => e.Name == model)?.CrossValidation;
            var cvB = entries.FirstOrDefault(e => e.Name == baseline)?.CrossValidation;
            if (cvA is not null && cvB is not null && cvA.Folds.Count == cvB.Folds.Count)
            {
                comparisons.Add(PairedComparison.OverFolds(model, cvA, baseline, cvB));
            }
        }

        return comparisons;
    }

    private static void WriteAccuracyChart(string output, List<ReportEntry> entries)
    {
        var scored = entries.Where(e => e.Result is not null).ToList();
        if (scored.Count > 0)
        {
            Timbre.Reporting.BarChartPlot.WriteProbabilities(
                Path.Combine(output, "accuracy.png"), scored.Select(e => e.Name).ToArray(), scored.Select(e => e.Result!.Track.Accuracy).ToArray(), "Test track accuracy by model", yLabel: "Track accuracy");
        }
    }
}
