using Spectre.Console;

namespace Timbre.Cli;

/// <summary>The Spectre console every command writes to.</summary>
internal static class CliConsole
{
    /// <summary>Columns used when stdout is not a terminal (logs, pipes), instead of Spectre's fallback of 80.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>A console on <see cref="Console.Out"/>; when redirected it is <see cref="RedirectedWidth"/> wide, so tables and progress lines in logs do not wrap.</summary>
    public static IAnsiConsole Create() => Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>A console on <see cref="Console.Error"/>, for progress and notes while stdout holds a JSON document.</summary>
    public static IAnsiConsole CreateError() => Create(Console.Error, Console.IsErrorRedirected);

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
