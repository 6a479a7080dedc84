using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;
using Timbre.Core.Errors;

namespace Timbre.Cli;

/// <summary>
/// Builds the <c>timbre</c> command tree and runs it; every user-facing error becomes one stderr line.
/// Exit codes: 0 success, 1 error, 2 usage error (the command line or an option value is wrong).
/// </summary>
public static class CliApp
{
    /// <summary>The exit code of a command line that does not parse or an option value out of range.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Leaves out progress bars everywhere; results, notes about bad files and errors still print.</summary>
    private const string QuietName = "--quiet";

    /// <summary>Runs the CLI with <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        RootCommand root = BuildRoot();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return UsageError(parsed);
        }

        CliConsole.Quiet = parsed.GetValue<bool>(QuietName);

        try
        {
            // Our own handler below turns TimbreExceptions into one stderr line; anything else is a bug and keeps its trace.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InvalidOptionsException e)
        {
            Fail(e.Message);
            return UsageExitCode;
        }
        catch (TimbreException e)
        {
            return Fail(e.Message);
        }
    }

    /// <summary>The path of every command that runs something, e.g. "scan" or "catalog space fit".</summary>
    public static IReadOnlyList<string> RunnableCommands() => [.. CliExamples.RunnablePaths(BuildRoot())];

    /// <summary>The parse errors of <paramref name="args"/> without running anything (empty when the line is valid).</summary>
    public static IReadOnlyList<string> ParseErrors(string[] args) => [.. BuildRoot().Parse(args).Errors.Select(e => e.Message)];

    /// <summary>Every example line of every command's help, as typed (starting with "timbre").</summary>
    public static IReadOnlyList<string> Examples() => [.. CliExamples.ByCommand.Values.SelectMany(lines => lines)];

    /// <summary>Writes one error line to stderr and returns the error exit code.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"timbre: error: {message}");
        return 1;
    }

    // System.CommandLine's own handler prints the whole help after the errors and exits 1; a usage error is shorter and exits 2.
    private static int UsageError(ParseResult parsed)
    {
        foreach (var error in parsed.Errors)
        {
            Console.Error.WriteLine($"timbre: error: {error.Message}");
        }

        var command = string.Join(' ', ["timbre", .. CommandPath(parsed.CommandResult)]);
        Console.Error.WriteLine($"Run '{command} --help' for usage.");
        return UsageExitCode;
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }

    /// <summary>The whole command tree, with every command's examples in its help.</summary>
    private static RootCommand BuildRoot()
    {
        var root = new RootCommand("Timbre: a content-based music recommender that listens to the audio itself.");
        root.SetAction(_ =>
        {
            AnsiConsole.MarkupLine("[bold]timbre[/] — run [green]timbre --help[/] to see the commands.");
            return 0;
        });
        root.Subcommands.Add(Commands.InfoCommand.Create());
        root.Subcommands.Add(Commands.ScanCommand.Create());
        root.Subcommands.Add(Commands.ClusterCommand.Create());
        root.Subcommands.Add(Commands.CatalogCommand.Create());
        root.Subcommands.Add(Commands.CorpusCommand.Create());
        root.Subcommands.Add(Commands.ServeCommand.Create());
        root.Subcommands.Add(Commands.FeaturesCommand.Create());
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.RecommendCommand.Create());
        root.Subcommands.Add(Commands.UserCommand.Create());
        root.Subcommands.Add(Commands.PlaylistCommand.Create());
        root.Subcommands.Add(Commands.RadioCommand.Create());
        root.Subcommands.Add(Commands.MapCommand.Create());
        root.Subcommands.Add(Commands.EvalRecCommand.Create());
        root.Subcommands.Add(Commands.EvalRetrievalCommand.Create());
        root.Subcommands.Add(Commands.TrainCommand.Create());
        root.Subcommands.Add(Commands.CompareCommand.Create());
        root.Subcommands.Add(Commands.EvaluateCommand.Create());
        root.Subcommands.Add(Commands.CvCommand.Create());
        root.Subcommands.Add(Commands.PredictCommand.Create());
        root.Subcommands.Add(Commands.EmbedCommand.Create());
        root.Subcommands.Add(Commands.MetricCommand.Create());
        root.Options.Add(new Option<bool>(QuietName, "-q")
        {
            Description = "No progress bars; print only results, skipped files and errors.",
            Recursive = true,
        });
        CliExamples.AddTo(root);
        return root;
    }
}
