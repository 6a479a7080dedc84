namespace Timbre.Cli.Tests;

/// <summary>Runs <c>timbre</c> in-process with its output captured (tests in the "Console" collection).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args) => ConsoleCapture.Run(CliApp.Run, args);
}
