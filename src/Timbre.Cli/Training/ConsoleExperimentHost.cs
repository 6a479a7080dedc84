using Timbre.Inference.Features;
using Spectre.Console;
using Timbre.Data.Features;
using Timbre.Evaluation.Reports;
using Timbre.Training.Experiments;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;

namespace Timbre.Cli.Training;

/// <summary>Lends an experiment the console: a progress bar per cache and per training, messages, report folders with plots.</summary>
internal sealed class ConsoleExperimentHost(IAnsiConsole console, CorpusSource source, CancellationToken ct) : IExperimentHost
{
    public FeatureCache OpenCache(Representation representation) => TrainingArguments.OpenCache(console, source, representation, ct);

    public TrainedModel Train(string name, Func<IProgress<EpochProgress>, TrainedModel> train)
    {
        TrainedModel? trained = null;
        EpochProgressView.Progress(console).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(name), maxValue: 1);
            trained = train(EpochProgressView.For(task, name));
            task.Value = task.MaxValue;
        });
        return trained!;
    }

    public void Note(string message, bool detail = false) =>
        console.MarkupLine(detail ? $"  [grey]{Markup.Escape(message)}[/]" : Markup.Escape(message));

    public EvaluationReport WriteReport(
        string directory, string title, IReadOnlyList<string> labels, IReadOnlyDictionary<string, string> settings,
        IReadOnlyList<ModelRun> runs, IReadOnlyList<PairedComparison>? comparisons = null, bool prefixNames = false) =>
        ReportFiles.Write(directory, title, labels, settings, runs, comparisons, prefixNames);
}
