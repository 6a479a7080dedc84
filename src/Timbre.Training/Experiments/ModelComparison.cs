using System.Globalization;
using Timbre.Data.Features;
using Timbre.Data.Splits;
using Timbre.Evaluation.Reports;
using Timbre.Evaluation.Statistics;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Experiments;

/// <summary>
/// Every model on the same 8:1:1 split, one report (accuracy, macro-F1, AUC, track accuracy, cross-validation ± CI
/// for the chosen models), McNemar between the best model and logistic regression on the test tracks; one package
/// per model under models/KIND.
/// </summary>
public static class ModelComparison
{
    private const string Baseline = "logreg";

    private static readonly HashSet<string> VectorKinds = new(["logreg", "svm", "mlp", "stats-cnn1d"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Trains, cross-validates and compares; writes everything under <see cref="ModelComparisonOptions.Output"/>.</summary>
    public static ModelComparisonResult Run(
        CorpusSource source, ModelComparisonOptions options, Func<string, Representation> representationFor, IExperimentHost host, CancellationToken ct)
    {
        var o = options.Validate();
        string output = o.Output;
        var vectorOptions = o.Pipeline with { Trainer = o.Pipeline.Trainer with { Epochs = o.VectorEpochs, Patience = o.VectorPatience } };
        var tempi = source.Tempi();
        var splitOptions = new SplitOptions { Seed = (ulong)o.Seed };
        var split = CorpusSplitter.Split(source.Corpus.Items, splitOptions);
        CorpusSplitter.RequireTestItems(split, source.Corpus.Items, source.Root, splitOptions);
        Directory.CreateDirectory(output);
        var caches = new Dictionary<string, FeatureCache>(StringComparer.Ordinal);
        var runs = new List<ModelRun>();
        var results = new Dictionary<string, EvaluationResult>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            FeatureCache CacheFor(Representation r)
            {
                string key = r.Spec.Describe();
                if (!caches.TryGetValue(key, out var cache))
                {
                    cache = host.OpenCache(r);
                    caches[key] = cache;
                }

                return cache;
            }

            PipelineOptions OptionsFor(string kind)
            {
                var pipeline = VectorKinds.Contains(kind) ? vectorOptions : o.Pipeline;
                return kind == "mobilenetv2-gru" ? pipeline : pipeline with { BackboneWeightsPath = null }; // the backbone is MobileNetV2's
            }

            string[] labels = [];
            foreach (string kind in o.Kinds)
            {
                if (o.Resume && ResultFile.TryLoad(output, kind) is { } saved)
                {
                    host.Note($"{kind}: reusing {ResultFile.PathFor(output, kind)}");
                    runs.Add(new ModelRun(kind, saved.Result, saved.History()));
                    results[kind] = saved.Result;
                    seconds[kind] = saved.Seconds;
                    continue;
                }

                var representation = representationFor(kind);
                var cache = CacheFor(representation);
                var tracks = SplitTracks.Of(cache, split);
                var started = DateTime.UtcNow;
                var (trained, test) = TrainingRun.Run(host, kind, kind, cache, representation, tracks, OptionsFor(kind), tempi, ct);
                seconds[kind] = (DateTime.UtcNow - started).TotalSeconds;
                using (trained)
                {
                    var summary = new TrainingDataSummary(source.Corpus.Name, tracks.Train.Length, ClipSet.SelectClips(cache, tracks.Train, OptionsFor(kind).MaxTrainClipsPerTrack).Count,
                        string.Create(CultureInfo.InvariantCulture, $"8:1:1 by track, seed {o.Seed}"));
                    PackagedModel.Save(Path.Combine(output, "models", kind), trained, TrainingRun.Metrics(test), summary);
                    ResultFile.Save(output, kind, test, trained, seconds[kind]);
                    labels = [.. trained.Labels];
                    runs.Add(new ModelRun(kind, test, trained.History));
                    results[kind] = test;
                }
            }

            string best = results.OrderByDescending(r => r.Value.Track.Accuracy).ThenByDescending(r => r.Value.Clip.Accuracy).First().Key;
            host.Note($"best on the test split: {best}");
            var cvTargets = o.CrossValidationKinds.Select(k => k == "best" ? best : k).Distinct().ToList();
            foreach (string kind in cvTargets)
            {
                var cv = CrossValidate(source, o, kind, representationFor(kind), CacheFor, OptionsFor(kind), tempi, host, seconds, ct);
                int i = runs.FindIndex(e => e.Name == kind);
                if (i >= 0)
                {
                    runs[i] = runs[i] with { CrossValidation = cv };
                }
                else
                {
                    runs.Add(new ModelRun(kind, null, null, cv));
                }
            }

            var comparisons = Comparisons(best, results, runs);
            var settings = TrainingRun.Settings(o.Data, o.Pipeline, representationFor("crnn"), o.Seed);
            settings.Remove("features");
            settings["features"] = "per model: see the representation table in src/Timbre.Training/Pipeline/Representation.cs";
            settings["vector models"] = string.Create(CultureInfo.InvariantCulture, $"logreg, svm, mlp, stats-cnn1d: 357-d summary of the whole track, up to {o.VectorEpochs} epochs, patience {o.VectorPatience}");
            settings["cross-validation"] = cvTargets.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{o.Folds}-fold by track for {string.Join(", ", cvTargets)}; metrics at track level; a ninth of each fold's training tracks for early stopping");
            settings["best"] = best;
            settings["wall time (s)"] = string.Join(", ", seconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0}")));
            if (labels.Length == 0)
            {
                labels = [.. source.Corpus.Labels.Order(StringComparer.Ordinal)];
            }

            var report = host.WriteReport(output, $"Model comparison on {source.Corpus.Name}", labels, settings, runs, comparisons, prefixNames: true);
            return new ModelComparisonResult(report, runs, comparisons, best);
        }
        finally
        {
            foreach (var cache in caches.Values)
            {
                cache.Dispose();
            }
        }
    }

    /// <summary>Cross-validates one kind into OUT/cv-KIND, or reuses that folder's report when resuming.</summary>
    private static CrossValidationReport CrossValidate(
        CorpusSource source, ModelComparisonOptions o, string kind, Representation representation, Func<Representation, FeatureCache> cacheFor,
        PipelineOptions pipeline, IReadOnlyDictionary<string, int>? tempi, IExperimentHost host, Dictionary<string, double> seconds, CancellationToken ct)
    {
        string folder = Path.Combine(o.Output, "cv-" + kind);
        string saved = Path.Combine(folder, "report.json");
        if (o.Resume && File.Exists(saved) && ReportJson.Read(saved).Models[0].CrossValidation is { } savedCv)
        {
            host.Note($"{kind}: reusing {folder}/report.json");
            return savedCv;
        }

        var started = DateTime.UtcNow;
        var cache = cacheFor(representation);
        var cv = CrossValidationRun.Run(host, kind, cache, representation, source.Corpus.Items, o.Folds, o.Seed, pipeline, tempi, ct);
        seconds[kind + " cv"] = (DateTime.UtcNow - started).TotalSeconds;
        host.WriteReport(folder, $"{kind}: {o.Folds}-fold cross-validation", cache.Labels, new Dictionary<string, string>(), [new ModelRun(kind, null, null, cv)]);
        return cv;
    }

    private static List<PairedComparison> Comparisons(string best, Dictionary<string, EvaluationResult> results, List<ModelRun> runs)
    {
        // The best model against the logistic-regression baseline, and the CRNN against it (the seeds' claim).
        var comparisons = new List<PairedComparison>();
        if (!results.TryGetValue(Baseline, out var lr))
        {
            return comparisons;
        }

        foreach (string model in new[] { best, "crnn" }.Distinct().Where(m => m != Baseline && results.ContainsKey(m)))
        {
            var a = results[model].Tracks;
            var indexB = lr.Tracks.TrackIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var common = a.TrackIds.Select((id, i) => (id, i)).Where(p => indexB.ContainsKey(p.id)).ToArray();
            var yTrue = common.Select(p => a.Labels[p.i]).ToArray();
            var predA = common.Select(p => a.Predicted[p.i]).ToArray();
            var predB = common.Select(p => lr.Tracks.Predicted[indexB[p.id]]).ToArray();
            comparisons.Add(new PairedComparison(model, Baseline, $"test tracks ({common.Length}), McNemar", null, McNemar.Test(yTrue, predA, predB)));
            var cvA = runs.FirstOrDefault(e => e.Name == model)?.CrossValidation;
            var cvB = runs.FirstOrDefault(e => e.Name == Baseline)?.CrossValidation;
            if (cvA is not null && cvB is not null && cvA.Folds.Count == cvB.Folds.Count)
            {
                comparisons.Add(PairedComparison.OverFolds(model, cvA, Baseline, cvB));
            }
        }

        return comparisons;
    }
}
