using Spectre.Console;
using Timbre.Data.Corpus;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Loaders;

namespace Timbre.Cli.Demo;

/// <summary>Step "library": the procedural library (FluidSynth), generated once into OUT/library and resumed/reused after.</summary>
internal static class DemoLibrary
{
    /// <summary>Generates (or completes) the library and returns its folder; with --library, returns that folder untouched.</summary>
    public static string Prepare(IAnsiConsole console, DemoOptions options)
    {
        if (options.Library is not null)
        {
            console.MarkupLine($"using your library [bold]{Markup.Escape(options.LibraryDirectory)}[/]");
            return options.LibraryDirectory;
        }

        var generator = new CorpusGenerator(new FluidSynthRenderer(), new CorpusGeneratorOptions
        {
            OutputDirectory = options.LibraryDirectory,
            Genres = options.Genres,
            PerGenre = options.PerGenre,
            Seconds = options.Seconds,
            Seed = options.Seed,
        });
        int total = options.Genres.Count * options.PerGenre;
        CorpusGenerationResult result = DemoProgress.Run(console, $"rendering {total} tracks ({options.Genres.Count} genres × {options.PerGenre}, {options.Seconds:0.#} s)", report =>
            generator.Generate(new SyncProgress<CorpusProgress>(p => report(p.Done, p.Total))));
        console.MarkupLine($"library: {result.Rendered} rendered, {result.Skipped} reused in [bold]{Markup.Escape(options.LibraryDirectory)}[/]");
        return options.LibraryDirectory;
    }

    /// <summary>The audio files of a library folder (by extension, hidden files left out), sorted.</summary>
    public static IReadOnlyList<string> AudioFiles(string library) =>
        [.. Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories)
            .Where(f => AudioHeaderCheck.AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)];
}
