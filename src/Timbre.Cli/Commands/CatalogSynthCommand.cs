using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Core.Errors;
using Timbre.Data.Synthetic;
using Timbre.Dsp.Summary;
using Timbre.Storage;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre catalog synth --catalog OUT.db --tracks N --dim D --users U [--seed K] [--genres G] [--model ID]
/// [--audio-dir DIR]</c>: writes a new synthetic catalog (clustered embeddings, tags, users and interactions) for
/// benchmarks and load tests. With <c>--model summary</c> (the default) it is the analysis set
/// <c>timbre serve --model summary</c> recommends from.
/// </summary>
internal static class CatalogSynthCommand
{
    /// <summary>Builds the <c>synth</c> subcommand.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var tracks = new Option<int>("--tracks") { Description = "Tracks to write.", DefaultValueFactory = _ => 1000 };
        var dim = new Option<int?>("--dim") { Description = $"Embedding length (default {SummaryLayout.FeatureCount}, the summary analyzer's; --model summary requires it)." };
        var users = new Option<int>("--users") { Description = "Users with plays, likes and dislikes (they have no password).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and options give the same catalog.", DefaultValueFactory = _ => 1 };
        var genres = new Option<int>("--genres") { Description = "Genres (one embedding cluster each).", DefaultValueFactory = _ => 10 };
        var model = new Option<string>("--model")
        {
            Description = "Model id of the analysis set: 'summary' (what timbre serve --model summary reads; no genre probabilities) or any other id (with genre probabilities over the synthetic genres).",
            DefaultValueFactory = _ => SummaryFeatureAnalyzer.Id,
        };
        var featureVersion = new Option<int?>("--feature-version") { Description = $"Feature version of the analysis set (default {FeaturesVersion.Current}, the summary analyzer's)." };
        var interactions = new Option<double>("--interactions-per-user") { Description = "Mean interactions per user (power-law distributed).", DefaultValueFactory = _ => 30 };
        var audioDir = new Option<string?>("--audio-dir") { Description = "Write a few real WAV files here for the first tracks, so audio requests have something to serve." };
        var audioFiles = new Option<int>("--audio-files") { Description = "Number of real WAV files with --audio-dir.", DefaultValueFactory = _ => 8 };
        var command = new Command("synth", "Write a new synthetic catalog (clustered embeddings, tags, users, interactions) for benchmarks and load tests, and its serving snapshot file (CATALOG.ann).");
        foreach (var option in new Option[] { catalog, tracks, dim, users, seed, genres, model, featureVersion, interactions, audioDir, audioFiles })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var modelId = parseResult.GetValue(model)!;
            var isSummary = string.Equals(modelId, SummaryFeatureAnalyzer.Id, StringComparison.OrdinalIgnoreCase);
            var dimension = parseResult.GetValue(dim) ?? SummaryLayout.FeatureCount;
            if (isSummary && dimension != SummaryLayout.FeatureCount)
            {
                throw new InvalidOptionsException(
                    $"--model summary needs --dim {SummaryLayout.FeatureCount} (the summary analyzer's embedding); give another --model id for other lengths.");
            }

            var options = new SyntheticCatalogOptions
            {
                Tracks = parseResult.GetValue(tracks),
                Dimension = dimension,
                Users = parseResult.GetValue(users),
                Seed = parseResult.GetValue(seed),
                Genres = parseResult.GetValue(genres),
                ModelId = isSummary ? SummaryFeatureAnalyzer.Id : modelId,
                FeatureVersion = parseResult.GetValue(featureVersion) ?? FeaturesVersion.Current,
                WithGenreProbabilities = !isSummary,
                Conform = isSummary ? e => SummaryScales.Standardise(SummaryScales.Unstandardise(e)) : null,
                SummaryOf = isSummary ? e => SummaryScales.Unstandardise(e) : null,
                MeanInteractionsPerUser = parseResult.GetValue(interactions),
                AudioDirectory = parseResult.GetValue(audioDir),
                AudioFiles = parseResult.GetValue(audioFiles),
            }.Validate();
            return Run(parseResult.GetValue(catalog)!, options);
        });
        return command;
    }

    private static int Run(string catalogPath, SyntheticCatalogOptions options)
    {
        if (!CatalogStores.IsPostgres(catalogPath) && File.Exists(catalogPath) && new FileInfo(catalogPath).Length > 0)
        {
            throw new InvalidOptionsException($"Catalog {catalogPath} already exists; synth writes a new catalog (delete it or choose another file).");
        }

        var console = CliConsole.Create();
        using var store = CatalogStores.Open(catalogPath, create: true);
        if (store.GetStats() is { PresentTracks: > 0 } or { MissingTracks: > 0 } or { Users: > 0 })
        {
            throw new InvalidOptionsException($"Catalog {CatalogStores.Describe(catalogPath)} is not empty; synth writes a new catalog (use an empty database).");
        }

        SyntheticCatalogReport? report = null;
        CliConsole.ForProgress().Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var trackTask = ctx.AddTask("tracks", maxValue: options.Tracks);
                var userTask = ctx.AddTask("users and interactions", maxValue: Math.Max(1, options.Users));
                var progress = new SyncProgress<SyntheticProgress>(p =>
                {
                    var task = p.Phase == "tracks" ? trackTask : userTask;
                    task.Value = p.Done;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Done}/{p.Total}"));
                });
                report = SyntheticCatalog.Write(store, options, progress);
                trackTask.Value = trackTask.MaxValue;
                userTask.Value = userTask.MaxValue;
            });

        var r = report!;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"Wrote {r.Tracks} tracks ({r.Genres} genres, {options.Dimension}-d {options.ModelId} v{options.FeatureVersion}), {r.Users} users, {r.Interactions} interactions, {r.AudioFiles} audio files to {CatalogStores.Describe(catalogPath)} in {r.Elapsed.TotalSeconds:0.0} s.")));
        ServeCommand.WriteServingSnapshot(store, catalogPath, options.ModelId, options.FeatureVersion, Console.Out);
        return 0;
    }
}
