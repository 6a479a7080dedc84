using Timbre.Data.Features;
using Timbre.Inference.Features;
using Timbre.Evaluation.Reports;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;

namespace Timbre.Training.Experiments;

/// <summary>
/// What a front-end lends an experiment: feature caches, a progress view around each training, a place for messages
/// and a writer of report folders (plots live outside Training).
/// </summary>
public interface IExperimentHost
{
    /// <summary>Opens (building when needed) the feature cache of a representation; the experiment disposes it.</summary>
    FeatureCache OpenCache(Representation representation);

    /// <summary>Runs one training under a progress view named <paramref name="name"/>.</summary>
    TrainedModel Train(string name, Func<IProgress<EpochProgress>, TrainedModel> train);

    /// <summary>A message for the user; <paramref name="detail"/> marks a secondary line.</summary>
    void Note(string message, bool detail = false);

    /// <summary>Writes report.md, report.json and the plots of <paramref name="runs"/> into <paramref name="directory"/>.</summary>
    EvaluationReport WriteReport(
        string directory, string title, IReadOnlyList<string> labels, IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<ModelRun> runs, IReadOnlyList<PairedComparison>? comparisons = null, bool prefixNames = false);
}
