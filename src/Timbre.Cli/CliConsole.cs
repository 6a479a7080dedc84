using Spectre.Console;

namespace Timbre.Cli;

/// <summary>The Spectre console every command writes to.</summary>
internal static class CliConsole
{
    /// <summary>Columns used when stdout is not a terminal (logs, pipes), instead of Spectre's fallback of 80.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>A console on <see cref="Console.Out"/>; when redirected it is <see cref="RedirectedWidth"/> wide, so tables and progress lines in logs do not wrap.</summary>
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, RedirectedWidth);
        }

        return console;
    }
}
