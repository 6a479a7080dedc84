using System.CommandLine;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Cli.Demo;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre demo [--out DIR]</c>: the README's first command. Renders one short clip per demo genre (FluidSynth; a
/// synthesised clip without it), prints their features and writes their spectrograms. Re-runnable: clips are reused.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Genres rendered by default: two that should look very different.</summary>
    public static readonly string[] DefaultGenres = ["classical", "metal"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder for clips and images.", DefaultValueFactory = _ => Path.Combine("data", "demo") };
        var genres = new Option<string?>("--genres") { Description = "Comma-separated genres to render (default classical,metal)." };
        var seconds = new Option<double>("--seconds") { Description = "Clip length in seconds.", DefaultValueFactory = _ => 10 };
        var command = new Command("demo", "Make demo clips, print their features and write their spectrograms.");
        command.Options.Add(output);
        command.Options.Add(genres);
        command.Options.Add(seconds);
        command.SetAction(parse =>
        {
            string? list = parse.GetValue(genres);
            IReadOnlyList<string> chosen = string.IsNullOrWhiteSpace(list)
                ? DefaultGenres
                : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            double s = parse.GetValue(seconds);
            if (s is < 1 or > 60)
            {
                throw new Core.Errors.InvalidOptionsException($"--seconds must be within 1 … 60, got {s}.");
            }

            return Run(new DemoOptions(parse.GetValue(output)!, chosen, s));
        });
        return command;
    }

    /// <summary>Runs the steps in order.</summary>
    internal static int Run(DemoOptions options)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var steps = new DemoSteps(console, AudioDecoders.CreateDefault(), options);
        IReadOnlyList<(string Name, string Path)> clips = steps.MakeClips();
        IReadOnlyList<DemoClip> analysed = steps.Analyse(clips);
        steps.Print(analysed);
        console.MarkupLine($"demo done in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }
}
