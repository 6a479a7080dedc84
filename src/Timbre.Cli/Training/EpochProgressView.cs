using System.Globalization;
using Spectre.Console;
using Timbre.Training.Training;

namespace Timbre.Cli.Training;

/// <summary>Shows the trainer's per-batch reports on one Spectre progress task: epoch, loss, accuracy, samples/s, ETA.</summary>
internal static class EpochProgressView
{
    public static IProgress<EpochProgress> For(ProgressTask task, string name) => new SyncProgress<EpochProgress>(p =>
    {
        task.MaxValue = 1;
        task.Value = Math.Min(1, ((p.Epoch - 1) + (p.Batch / (double)Math.Max(1, p.Batches))) / Math.Max(1, p.Epochs));
        string validation = p.ValidationAccuracy is double va ? string.Create(CultureInfo.InvariantCulture, $" · val {va:0.000}") : "";
        task.Description = Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{name} epoch {p.Epoch}/{p.Epochs} · loss {p.Loss:0.000} · acc {p.Accuracy:0.000}{validation} · {p.SamplesPerSecond:0} samples/s · ETA {p.Eta:hh\\:mm\\:ss}"));
    });

    /// <summary>A console writing to the current stdout (so tests can capture it), or stderr when stdout holds JSON.</summary>
    public static IAnsiConsole Console(bool json = false) =>
        json ? CliConsole.CreateError() : CliConsole.Create();

    /// <summary>A progress display with description, bar, percentage and elapsed time.</summary>
    public static Progress Progress(IAnsiConsole console) => (CliConsole.Quiet || System.Console.IsOutputRedirected ? CliConsole.ForProgress() : console).Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());
}
