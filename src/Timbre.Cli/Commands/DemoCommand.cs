using System.CommandLine;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Cli.Demo;
using Timbre.Core.Analysis;
using Timbre.Core.Errors;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre demo [--out DIR] [--library DIR [--genre-folders] [--learn-minutes M]] [--model PKG] [--per-genre N] [--seconds S] [--genres LIST] [--kind K] [--urls URLS] [--no-serve]</c>:
/// the README's first command. Generates a small procedural library, trains (or reuses) a genre model on it, scans it
/// into a catalog (a real --library: first a contrastive encoder learned from it within a time budget, fused with the
/// summary features), prints example recommendations and one clip's features, then serves the web app. Re-runs reuse
/// every cache (library, feature cache, model, catalog).
/// </summary>
internal static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (library, caches, model, catalog, images).", DefaultValueFactory = _ => Path.Combine("data", "demo") };
        var library = new Option<string?>("--library")
        {
            Description = "Use your own music folder instead of generating one: Artist/Album/track or Album/track; genre tags (or a manifest.csv / GTZAN tree) train the genre model, folders never do.",
        };
        var genreFolders = new Option<bool>("--genre-folders") { Description = "With --library: its sub-folders are genre labels (a genre corpus), train on them." };
        var model = new Option<string?>("--model") { Description = "Use this trained model package (or 'summary') instead of training one." };
        var genres = new Option<string?>("--genres") { Description = "Comma-separated genres of the generated library (default: the 10 GTZAN genres)." };
        var perGenre = new Option<int>("--per-genre") { Description = "Generated tracks per genre (20: enough for ≈ 80 % held-out accuracy of the demo model).", DefaultValueFactory = _ => 20 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each generated track in seconds.", DefaultValueFactory = _ => 15 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum training epochs (early stopping on validation tracks).", DefaultValueFactory = _ => 150 };
        var kind = new Option<string>("--kind") { Description = "Model kind trained by the demo (see timbre train --model).", DefaultValueFactory = _ => "mlp" };
        var urls = new Option<string>("--urls") { Description = "Addresses the web app listens on.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var learnMinutes = new Option<double?>("--learn-minutes")
        {
            Description = $"With --library: minutes (decoding included) to train a contrastive encoder on your music, no labels, before scanning; it is fused with the summary features. Default {DemoOptions.DefaultLearnMinutes:0} when the library has ≥ 50 files; 0 = never.",
        };
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after printing the recommendations instead of starting the web app." };
        var command = new Command("demo", "Generate a small library, train a model, scan, recommend, and serve the web app.");
        foreach (var option in new Option[] { output, library, genreFolders, model, learnMinutes, genres, perGenre, seconds, kind, epochs, urls, noServe })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var options = new DemoOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Library = parse.GetValue(library),
                GenreFolders = parse.GetValue(genreFolders),
                Model = parse.GetValue(model),
                LearnMinutes = parse.GetValue(learnMinutes),
                PerGenre = parse.GetValue(perGenre),
                Seconds = parse.GetValue(seconds),
                Epochs = parse.GetValue(epochs),
                ModelKind = parse.GetValue(kind)!,
                Urls = parse.GetValue(urls)!,
                Serve = !parse.GetValue(noServe),
            };
            if (parse.GetValue(genres) is { } list && !string.IsNullOrWhiteSpace(list))
            {
                options = options with { Genres = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
            }

            return Run(options.Validate());
        });
        return command;
    }

    /// <summary>Runs the steps in order, each with a heading and its time.</summary>
    internal static int Run(DemoOptions options)
    {
        IAnsiConsole console = CliConsole.Create();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(options.Root);
        int total = options.Serve ? 6 : 5, number = 0;
        T Step<T>(string name, Func<T> work)
        {
            number++;
            console.Write(new Rule($"[bold]step {number}/{total} · {name}[/]").LeftJustified());
            var watch = System.Diagnostics.Stopwatch.StartNew();
            T result = work();
            console.MarkupLine($"[grey]{name} done in {watch.Elapsed.TotalSeconds:0.0} s[/]");
            return result;
        }

        IReadOnlyList<string> files = options.Library is null ? [] : DemoLibrary.AudioFiles(options.LibraryDirectory);
        bool mayLearn = DemoContrastive.Applies(options, options.LibraryDirectory, options.Model ?? SummaryFeatureAnalyzer.Id, files.Count).Train;
        total += mayLearn ? 1 : 0;
        string library = Step("library", () => DemoLibrary.Prepare(console, options));
        string model = Step("model", () => DemoModel.Prepare(console, options, library));
        var (learn, why) = DemoContrastive.Applies(options, library, model, files.Count);
        if (why is not null)
        {
            console.MarkupLine($"[grey]{Markup.Escape(why)}[/]");
        }

        string? encoder = null;
        total -= mayLearn && !learn ? 1 : 0;
        if (learn)
        {
            encoder = Step("learn", () => DemoContrastive.Prepare(console, options, library, files));
        }

        var analyzer = CliAnalyzers.Resolve(model);
        var learned = encoder is null ? null : CliAnalyzers.Resolve(encoder);
        IReadOnlyList<ITrackAnalyzer> others = learned is null ? [] : [learned];
        try
        {
            var report = Step("scan", () => DemoScanAndServe.Scan(console, options, library, [analyzer, .. others]));
            if (report.Seen == 0)
            {
                throw new TimbreException($"No audio files found in '{library}'.");
            }

            var seeds = Step("recommend", () => DemoRecommendations.Print(console, options.CatalogPath, analyzer, DemoGenres.FoldersAreGenres(options, library)));
            Step("features", () =>
            {
                var steps = new DemoSteps(console, Audio.AudioDecoders.CreateDefault(), options.Root);
                var two = seeds.Take(2).ToList();
                bool byGenre = two.Select(s => s.Genre).Distinct().Count() == two.Count && two.All(s => s.Genre.Length > 0);
                steps.Print(steps.Analyse(two.Select(s => (byGenre ? s.Genre : Path.GetFileNameWithoutExtension(s.Path), s.Path)).ToList()));
                return 0;
            });
            console.MarkupLine($"[bold]demo ready[/] in {clock.Elapsed.TotalSeconds:0.0} s (re-runs reuse {Markup.Escape(options.Root)}).");
            if (options.Serve)
            {
                Step("serve", () =>
                {
                    DemoScanAndServe.Serve(console, options, analyzer, others);
                    return 0;
                });
            }
        }
        finally
        {
            (analyzer as IDisposable)?.Dispose();
            (learned as IDisposable)?.Dispose();
        }

        return 0;
    }
}
