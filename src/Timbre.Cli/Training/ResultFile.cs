using System.Text.Json;
using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Reports;
using Timbre.Training.Pipeline;
using TrainHistory = Timbre.Training.Training.TrainingHistory;

namespace Timbre.Cli.Training;

/// <summary>
/// One model's test result and curves saved by <c>timbre compare</c> as <c>OUT/results/KIND.json</c>, so a later
/// <c>--resume</c> run (or several runs over different --models into one OUT) can assemble the table without retraining.
/// </summary>
internal sealed record ResultFile(
    SplitMetrics Clip, SplitMetrics Track, TrackPredictions Tracks,
    double[] TrainLoss, double[] ValidationLoss, double[] TrainAccuracy, double[] ValidationAccuracy,
    int BestEpoch, bool StoppedEarly, double SamplesPerSecond, double Seconds, string[] Notes)
{
    public static string PathFor(string output, string kind) => Path.Combine(output, "results", kind + ".json");

    public static void Save(string output, string kind, EvaluationResult result, TrainedModel trained, double seconds)
    {
        var h = trained.History;
        var file = new ResultFile(
            result.Clip, result.Track, result.Tracks, [.. h.TrainLoss], [.. h.ValidationLoss], [.. h.TrainAccuracy], [.. h.ValidationAccuracy],
            h.BestEpoch, h.StoppedEarly, h.SamplesPerSecond, seconds, [.. trained.Notes]);
        Directory.CreateDirectory(Path.Combine(output, "results"));
        File.WriteAllText(PathFor(output, kind), JsonSerializer.Serialize(file, ReportJson.Options));
    }

    public static ResultFile? TryLoad(string output, string kind)
    {
        string path = PathFor(output, kind);
        return File.Exists(path) ? JsonSerializer.Deserialize<ResultFile>(File.ReadAllText(path), ReportJson.Options) : null;
    }

    public EvaluationResult Result => new(Clip, Track, Tracks);

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
