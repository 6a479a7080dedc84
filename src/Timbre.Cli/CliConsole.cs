using Spectre.Console;

namespace Timbre.Cli;

/// <summary>
/// The Spectre consoles commands write to. Results (tables, JSON, summaries) go to stdout; progress bars and per-file
/// notes go to stdout only on a terminal, to stderr when stdout is JSON or redirected, and nowhere with --quiet.
/// </summary>
internal static class CliConsole
{
    /// <summary>Columns used when stdout is not a terminal (logs, pipes), instead of Spectre's fallback of 80.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>Set from <c>--quiet</c> at the start of every run: no progress bars, only results and errors.</summary>
    public static bool Quiet { get; set; }

    /// <summary>A console on <see cref="Console.Out"/>; when redirected it is <see cref="RedirectedWidth"/> wide, so tables and progress lines in logs do not wrap.</summary>
    public static IAnsiConsole Create() => Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>A console on <see cref="Console.Error"/>, for progress and notes while stdout holds a JSON document.</summary>
    public static IAnsiConsole CreateError() => Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>
    /// The console for progress bars: nothing with --quiet, stderr when <paramref name="json"/> or stdout is redirected
    /// (so a pipe or file gets only results), else the terminal.
    /// </summary>
    public static IAnsiConsole ForProgress(bool json = false)
    {
        if (Quiet)
        {
            return Create(TextWriter.Null, redirected: true);
        }

        return json || Console.IsOutputRedirected ? CreateError() : Create();
    }

    /// <summary>
    /// Writes a per-file note (a skipped file and why) on the progress console, or plainly on stderr with --quiet,
    /// so problems are never silenced.
    /// </summary>
    public static void Note(IAnsiConsole progress, string markup)
    {
        if (Quiet)
        {
            Console.Error.WriteLine(Markup.Remove(markup));
        }
        else
        {
            progress.MarkupLine(markup);
        }
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, RedirectedWidth);
        }

        return console;
    }
}
