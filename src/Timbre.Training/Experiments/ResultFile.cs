using System.Text.Json;
using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Reports;
using Timbre.Training.Pipeline;
using TrainHistory = Timbre.Training.Training.TrainingHistory;

namespace Timbre.Training.Experiments;

/// <summary>
/// One model's test result and curves saved by <see cref="ModelComparison"/> as <c>OUT/results/KIND.json</c>, so a
/// later resumed run (or several runs over different models into one OUT) can assemble the table without retraining.
/// </summary>
/// <param name="Clip">Clip-level test metrics.</param>
/// <param name="Track">Track-level test metrics.</param>
/// <param name="Tracks">Per-track test predictions.</param>
/// <param name="TrainLoss">Training loss per epoch.</param>
/// <param name="ValidationLoss">Validation loss per epoch.</param>
/// <param name="TrainAccuracy">Training accuracy per epoch.</param>
/// <param name="ValidationAccuracy">Validation accuracy per epoch.</param>
/// <param name="BestEpoch">Epoch whose weights were kept.</param>
/// <param name="StoppedEarly">True when early stopping ended training.</param>
/// <param name="SamplesPerSecond">Training throughput.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
/// <param name="Notes">The trained model's notes.</param>
public sealed record ResultFile(
    SplitMetrics Clip, SplitMetrics Track, TrackPredictions Tracks,
    double[] TrainLoss, double[] ValidationLoss, double[] TrainAccuracy, double[] ValidationAccuracy,
    int BestEpoch, bool StoppedEarly, double SamplesPerSecond, double Seconds, string[] Notes)
{
    /// <summary>OUT/results/KIND.json.</summary>
    public static string PathFor(string output, string kind) => Path.Combine(output, "results", kind + ".json");

    /// <summary>Saves one model's result and curves.</summary>
    public static void Save(string output, string kind, EvaluationResult result, TrainedModel trained, double seconds)
    {
        var h = trained.History;
        var file = new ResultFile(
            result.Clip, result.Track, result.Tracks, [.. h.TrainLoss], [.. h.ValidationLoss], [.. h.TrainAccuracy], [.. h.ValidationAccuracy],
            h.BestEpoch, h.StoppedEarly, h.SamplesPerSecond, seconds, [.. trained.Notes]);
        Directory.CreateDirectory(Path.Combine(output, "results"));
        File.WriteAllText(PathFor(output, kind), JsonSerializer.Serialize(file, ReportJson.Options));
    }

    /// <summary>The saved result of a kind, or null when there is none.</summary>
    public static ResultFile? TryLoad(string output, string kind)
    {
        string path = PathFor(output, kind);
        return File.Exists(path) ? JsonSerializer.Deserialize<ResultFile>(File.ReadAllText(path), ReportJson.Options) : null;
    }

    /// <summary>The test result.</summary>
    public EvaluationResult Result => new(Clip, Track, Tracks);

    /// <summary>The training curves.</summary>
    public TrainHistory History()
    {
        var h = new TrainHistory { BestEpoch = BestEpoch, StoppedEarly = StoppedEarly, SamplesPerSecond = SamplesPerSecond };
        h.TrainLoss.AddRange(TrainLoss);
        h.ValidationLoss.AddRange(ValidationLoss);
        h.TrainAccuracy.AddRange(TrainAccuracy);
        h.ValidationAccuracy.AddRange(ValidationAccuracy);
        return h;
    }
}
