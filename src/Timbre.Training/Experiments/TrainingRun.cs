using System.Globalization;
using Timbre.Data.Features;
using Timbre.Inference.Features;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Experiments;

/// <summary>Trains one model on a split, evaluates it on the test tracks and tells the host how it went.</summary>
public static class TrainingRun
{
    /// <summary>Trains <paramref name="kind"/> (shown as <paramref name="name"/>) and evaluates it on <paramref name="split"/>'s test tracks.</summary>
    public static (TrainedModel Model, EvaluationResult Test) Run(
        IExperimentHost host, string name, string kind, FeatureCache cache, Representation representation, SplitTracks split,
        PipelineOptions options, IReadOnlyDictionary<string, int>? tempi, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var trained = host.Train(name, progress => ModelPipeline.Train(kind, cache, representation, split.Train, split.Validation, options, tempi, progress, ct));
        var result = ModelPipeline.Evaluate(trained, cache, split.Test, options.MaxEvalClipsPerTrack);
        var h = trained.History;
        host.Note(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {h.Epochs} epochs (best {h.BestEpoch}{(h.StoppedEarly ? ", stopped early" : "")}), {(DateTime.UtcNow - started).TotalSeconds:0} s, " +
            $"{h.SamplesPerSecond:0} samples/s · test clip acc {result.Clip.Accuracy:0.000}, macro-F1 {result.Clip.Macro.F1:0.000}, AUC {result.Clip.MacroAuc:0.000}, track acc {result.Track.Accuracy:0.000}"));
        foreach (string note in trained.Notes)
        {
            host.Note(note, detail: true);
        }

        return (trained, result);
    }

    /// <summary>The test metrics a model package records.</summary>
    public static Dictionary<string, double> Metrics(EvaluationResult r) => new()
    {
        ["test.clip.accuracy"] = r.Clip.Accuracy,
        ["test.clip.macroF1"] = r.Clip.Macro.F1,
        ["test.clip.macroAuc"] = r.Clip.MacroAuc,
        ["test.track.accuracy"] = r.Track.Accuracy,
        ["test.track.macroF1"] = r.Track.Macro.F1,
        ["test.track.macroAuc"] = r.Track.MacroAuc,
    };

    /// <summary>The settings table of a report.</summary>
    public static Dictionary<string, string> Settings(string data, PipelineOptions o, Representation r, int seed) => new()
    {
        ["data"] = data,
        ["features"] = $"{r.Spec.Kind} {r.Spec.Rows}×{r.Spec.Cols}" + (r.Spec.ClipSeconds is double s ? string.Create(CultureInfo.InvariantCulture, $", {s:0.###}-s clips") : ", whole track"),
        ["normalisation"] = "per-row z-score, training-set statistics",
        ["split"] = "8:1:1 by track, seed " + seed.ToString(CultureInfo.InvariantCulture),
        ["epochs (max)"] = o.Trainer.Epochs.ToString(CultureInfo.InvariantCulture),
        ["patience"] = o.Trainer.Patience.ToString(CultureInfo.InvariantCulture),
        ["batch"] = o.Trainer.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["learning rate"] = o.Trainer.LearningRate.ToString(CultureInfo.InvariantCulture),
        ["train clips per track"] = o.MaxTrainClipsPerTrack?.ToString(CultureInfo.InvariantCulture) ?? "all",
        ["validation/test clips per track"] = o.MaxEvalClipsPerTrack?.ToString(CultureInfo.InvariantCulture) ?? "all",
        ["input pooling"] = r.Pool.ToString(CultureInfo.InvariantCulture),
    };
}
