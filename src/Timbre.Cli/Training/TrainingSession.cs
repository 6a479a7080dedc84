using System.Globalization;
using Spectre.Console;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Data.Splits;
using Timbre.Inference.Features;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Training;

/// <summary>Track indices of one train/validation/test split inside a feature cache.</summary>
internal sealed record SplitTracks(int[] Train, int[] Validation, int[] Test)
{
    public static SplitTracks Of(FeatureCache cache, DatasetSplit split) => new(
        CorpusSource.TrackIndices(cache, split.Train),
        CorpusSource.TrackIndices(cache, split.Validation),
        CorpusSource.TrackIndices(cache, split.Test));

    /// <summary>A fold's training tracks with every ninth held out for early stopping, and its test tracks.</summary>
    public static SplitTracks Of(FeatureCache cache, Fold fold)
    {
        var train = new List<CorpusItem>();
        var validation = new List<CorpusItem>();
        for (int i = 0; i < fold.Train.Count; i++)
        {
            (i % 9 == 4 ? validation : train).Add(fold.Train[i]);
        }

        return new(CorpusSource.TrackIndices(cache, train), CorpusSource.TrackIndices(cache, validation), CorpusSource.TrackIndices(cache, fold.Test));
    }
}

/// <summary>Trains and evaluates one model with a live progress bar.</summary>
internal static class TrainingSession
{
    public static (TrainedModel Model, EvaluationResult Test) Run(
        IAnsiConsole console, string name, string kind, FeatureCache cache, Representation representation, SplitTracks split,
        PipelineOptions options, IReadOnlyDictionary<string, int>? tempi, CancellationToken ct)
    {
        TrainedModel? trained = null;
        var started = DateTime.UtcNow;
        EpochProgressView.Progress(console).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(name), maxValue: 1);
            trained = ModelPipeline.Train(kind, cache, representation, split.Train, split.Validation, options, tempi, EpochProgressView.For(task, name), ct);
            task.Value = task.MaxValue;
        });
        var result = ModelPipeline.Evaluate(trained!, cache, split.Test, options.MaxEvalClipsPerTrack);
        var h = trained!.History;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {h.Epochs} epochs (best {h.BestEpoch}{(h.StoppedEarly ? ", stopped early" : "")}), {(DateTime.UtcNow - started).TotalSeconds:0} s, " +
            $"{h.SamplesPerSecond:0} samples/s · test clip acc {result.Clip.Accuracy:0.000}, macro-F1 {result.Clip.Macro.F1:0.000}, AUC {result.Clip.MacroAuc:0.000}, track acc {result.Track.Accuracy:0.000}")));
        foreach (string note in trained.Notes)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(note)}[/]");
        }

        return (trained, result);
    }

    public static Dictionary<string, double> Metrics(EvaluationResult r) => new()
    {
        ["test.clip.accuracy"] = r.Clip.Accuracy,
        ["test.clip.macroF1"] = r.Clip.Macro.F1,
        ["test.clip.macroAuc"] = r.Clip.MacroAuc,
        ["test.track.accuracy"] = r.Track.Accuracy,
        ["test.track.macroF1"] = r.Track.Macro.F1,
        ["test.track.macroAuc"] = r.Track.MacroAuc,
    };

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
