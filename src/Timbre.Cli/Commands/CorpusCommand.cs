using System.CommandLine;
using Spectre.Console;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre corpus …</c>: make (generate) and inspect (stats, show) labelled corpora.</summary>
internal static class CorpusCommand
{
    public static Command Create()
    {
        var corpus = new Command("corpus", "Make and inspect labelled music corpora.");
        corpus.Subcommands.Add(CreateGenerate());
        corpus.Subcommands.Add(CreateStats());
        corpus.Subcommands.Add(CreateShow());
        corpus.Subcommands.Add(CreateCache());
        return corpus;
    }

    private static Command CreateGenerate()
    {
        var output = new Option<string>("--out") { Description = "Output directory (GTZAN layout + manifest.csv).", Required = true };
        var genres = new Option<string?>("--genres") { Description = "Comma-separated genres (default: the preset's)." };
        var preset = new Option<string>("--preset") { Description = "Genre set: gtzan (10 genres) or seed000 (classical, pop, rock, light).", DefaultValueFactory = _ => "gtzan" };
        var perGenre = new Option<int>("--per-genre") { Description = "Clips per genre.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Clip length in seconds.", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Corpus seed (same seed → byte-identical WAVs).", DefaultValueFactory = _ => 0 };
        var soundFont = new Option<string>("--soundfont") { Description = "General MIDI .sf2 soundfont.", DefaultValueFactory = _ => FluidSynthOptions.DefaultSoundFont };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Output sample rate in Hz.", DefaultValueFactory = _ => 22050 };
        var jobs = new Option<int>("--jobs") { Description = "Clips rendered in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var albums = new Option<int?>("--albums")
        {
            Description = "Instead of a genre corpus, a test library of N albums as OUT/Artist NN/Album NN/Track NN.wav (tagged, with albums.csv): "
                + "each album one consistent style (instruments, tempo window, key, patterns); the genres are dealt to the artists.",
        };
        var perAlbum = new Option<int>("--tracks-per-album") { Description = "Tracks per album (with --albums).", DefaultValueFactory = _ => 8 };
        var perArtist = new Option<int>("--albums-per-artist") { Description = "Albums per artist, sharing a genre (with --albums).", DefaultValueFactory = _ => 2 };

        var command = new Command("generate", "Compose MIDI pieces per genre and render them with FluidSynth into a labelled corpus (or, with --albums, a library of albums).");
        foreach (Option option in new Option[] { output, genres, preset, perGenre, seconds, seed, soundFont, sampleRate, jobs, albums, perAlbum, perArtist })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            string? genreList = parse.GetValue(genres);
            IReadOnlyList<string> chosen = string.IsNullOrWhiteSpace(genreList)
                ? CorpusPresets.Get(parse.GetValue(preset)!)
                : genreList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var renderer = new FluidSynthRenderer(new FluidSynthOptions { SoundFont = parse.GetValue(soundFont)! });
            if (parse.GetValue(albums) is int albumCount)
            {
                return GenerateAlbums(renderer, new AlbumCorpusOptions
                {
                    OutputDirectory = parse.GetValue(output)!,
                    Albums = albumCount,
                    TracksPerAlbum = parse.GetValue(perAlbum),
                    AlbumsPerArtist = parse.GetValue(perArtist),
                    Genres = chosen,
                    Seconds = parse.GetValue(seconds),
                    Seed = parse.GetValue(seed),
                    SampleRate = parse.GetValue(sampleRate),
                    Parallelism = parse.GetValue(jobs),
                });
            }

            var options = new CorpusGeneratorOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Genres = chosen,
                PerGenre = parse.GetValue(perGenre),
                Seconds = parse.GetValue(seconds),
                Seed = parse.GetValue(seed),
                SampleRate = parse.GetValue(sampleRate),
                Parallelism = parse.GetValue(jobs),
            };
            var generator = new CorpusGenerator(renderer, options);
            var result = Render($"rendering {chosen.Count} genres × {options.PerGenre}", chosen.Count * options.PerGenre, p => generator.Generate(p), "Corpus generation");
            return PrintRendered($"[green]{result.Entries.Count}[/] clips", options.OutputDirectory, result.Rendered, result.Skipped, result.Elapsed);
        });
        return command;
    }

    private static int GenerateAlbums(FluidSynthRenderer renderer, AlbumCorpusOptions options)
    {
        var generator = new AlbumCorpusGenerator(renderer, options);
        var result = Render($"rendering {options.Albums} albums × {options.TracksPerAlbum}", options.Albums * options.TracksPerAlbum, p => generator.Generate(p), "Library generation");
        return PrintRendered($"[green]{result.Entries.Count}[/] tracks of {options.Albums} albums", options.OutputDirectory, result.Rendered, result.Skipped, result.Elapsed);
    }

    /// <summary>Runs a corpus render under a progress bar of <paramref name="total"/> clips and returns its result.</summary>
    private static T Render<T>(string description, int total, Func<IProgress<CorpusProgress>, T> generate, string what)
        where T : class
    {
        T? result = null;
        CliConsole.ForProgress().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(description, maxValue: total);
                result = generate(new SyncProgress<CorpusProgress>(p => task.Value = p.Done));
            });
        return result ?? throw new TimbreException($"{what} did not complete.");
    }

    /// <summary>Prints what a render made (<paramref name="made"/> is markup) and where; returns the exit code 0.</summary>
    private static int PrintRendered(string made, string directory, int rendered, int skipped, TimeSpan elapsed)
    {
        AnsiConsole.MarkupLine(
            $"{made} in [bold]{Markup.Escape(Path.GetFullPath(directory))}[/] " +
            $"({rendered} rendered, {skipped} already there) in {elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private static Command CreateStats()
    {
        var directory = new Argument<string>("dir") { Description = "Corpus folder (manifest.csv, GTZAN layout or folder per label)." };
        var cache = new Option<string?>("--cache-dir") { Description = "Where the feature cache lives (default DIR/.timbre-cache)." };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Split/fold seed.", DefaultValueFactory = _ => 0 };
        var command = new Command("stats", "Per-genre counts and durations, and nearest-centroid / logistic-regression accuracy on the summary features.");
        command.Arguments.Add(directory);
        command.Options.Add(cache);
        command.Options.Add(folds);
        command.Options.Add(seed);
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout; progress goes to stderr." };
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            int k = parse.GetValue(folds);
            if (k < 2)
            {
                throw new InvalidOptionsException($"--folds must be at least 2, got {k}.");
            }

            bool asJson = parse.GetValue(json);
            IAnsiConsole console = asJson ? CliConsole.CreateError() : CliConsole.Create();
            Demo.CorpusStats.Run(console, parse.GetValue(directory)!, parse.GetValue(cache), k, parse.GetValue(seed), Audio.AudioDecoders.CreateDefault(), asJson);
            return 0;
        });
        return command;
    }

    private static Command CreateCache()
    {
        var directory = new Argument<string>("dir") { Description = "Corpus folder." };
        var spec = new Option<string>("--spec") { Description = "Representation: logmel3s (128×130), seed001 (96×1366), seed002 (128×128), seed004 (13×130 MFCC of 10 s), summary (357).", DefaultValueFactory = _ => "logmel3s" };
        var half = new Option<bool>("--float16") { Description = "Store half precision." };
        var cache = new Option<string?>("--cache-dir") { Description = "Where the feature cache lives (default DIR/.timbre-cache)." };
        var command = new Command("cache", "Build (or verify and reuse) the feature cache of a corpus.");
        command.Arguments.Add(directory);
        command.Options.Add(spec);
        command.Options.Add(half);
        command.Options.Add(cache);
        command.SetAction(parse =>
        {
            Inference.Features.FeatureExtractorSpec chosen = parse.GetValue(spec)!.Trim().ToLowerInvariant() switch
            {
                "logmel3s" => Inference.Features.FeatureExtractorSpec.LogMel3s,
                "seed001" => Inference.Features.FeatureExtractorSpec.Seed001LogMel,
                "seed002" => Inference.Features.FeatureExtractorSpec.Seed002Slices,
                "seed004" => Inference.Features.FeatureExtractorSpec.Seed004Mfcc,
                "summary" => Inference.Features.FeatureExtractorSpec.TrackSummary,
                string other => throw new InvalidOptionsException($"--spec must be logmel3s, seed001, seed002, seed004 or summary; got '{other}'."),
            };
            if (parse.GetValue(half))
            {
                chosen = chosen with { Storage = Inference.Features.FeatureStorage.Float16 };
            }

            string dir = parse.GetValue(directory)!;
            IAnsiConsole console = CliConsole.Create();
            var items = Demo.CorpusStats.Load(dir).Items;
            string path = Data.Features.FeatureCache.DefaultPath(parse.GetValue(cache) ?? Path.Combine(dir, ".timbre-cache"), chosen, items);
            Data.Features.FeatureCacheResult? result = null;
            CliConsole.ForProgress().Progress().Start(ctx =>
            {
                ProgressTask task = ctx.AddTask($"{chosen.Kind} {chosen.Rows}×{chosen.Cols}", maxValue: Math.Max(1, items.Count));
                result = Data.Features.FeatureCache.GetOrBuild(path, items, chosen, Audio.AudioDecoders.CreateDefault(), new SyncProgress<Data.Features.FeatureCacheProgress>(p => task.Value = p.TracksDone));
                task.Value = task.MaxValue;
            });
            using var opened = result!.Cache;
            console.MarkupLine($"{(result.Built ? "built" : "reused")} {Markup.Escape(opened.Path)}: {opened.Tracks.Count} tracks, {opened.ClipCount} clips of {opened.Rows}×{opened.Cols} {opened.Storage}, " +
                $"{new FileInfo(opened.Path).Length / 1048576.0:0.0} MiB, {result.Elapsed.TotalSeconds:0.0} s, {opened.Skipped.Count} skipped");
            return 0;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var file = new Argument<string>("file") { Description = "An audio file of the corpus." };
        var output = new Option<string?>("--out") { Description = "PNG to write (default ./<file name>.logmel.png)." };
        var command = new Command("show", "Write the log-mel spectrogram of a corpus file as a PNG.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            string png = parse.GetValue(output) ?? Path.GetFileNameWithoutExtension(path) + ".logmel.png";
            var settings = new Demo.FeatureSettings();
            var audio = Audio.AudioDecoders.CreateDefault().Decode(path, settings.SampleRate);
            Demo.ComputedFeature feature = Demo.FeatureComputation.Compute("logmel", audio.Samples, settings);
            FeaturesCommand.WritePng(png, feature, settings, Path.GetFileName(path));
            Console.Out.WriteLine(Path.GetFullPath(png));
            return 0;
        });
        return command;
    }
}
