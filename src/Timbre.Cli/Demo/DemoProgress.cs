using Spectre.Console;

namespace Timbre.Cli.Demo;

/// <summary>Runs work under one Spectre progress bar; reports from any thread are serialised.</summary>
internal static class DemoProgress
{
    /// <summary>Shows a bar named <paramref name="description"/>; <paramref name="work"/> gets a callback (done, total).</summary>
    public static T Run<T>(IAnsiConsole console, string description, Func<Action<double, double>, T> work)
    {
        T result = default!;
        var gate = new Lock();
        CliConsole.ForProgress().Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(description), maxValue: 1);
                result = work((done, total) =>
                {
                    lock (gate)
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = Math.Min(done, task.MaxValue);
                    }
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
