using System.Globalization;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;

namespace Timbre.Cli.Demo;

/// <summary>
/// Step "model": trains a genre classifier on the library's genre labels (see <see cref="DemoGenres"/>) into OUT/model, or reuses it when its
/// manifest's corpus key (model kind, seed, epochs and the feature cache key — labels, files, sizes, times) matches.
/// </summary>
internal static class DemoModel
{
    private const string KeyPrefix = "timbre-demo";

    /// <summary>
    /// The model for scanning: --model as given, OUT/model (trained or reused) on the library's genre labels
    /// (<see cref="DemoGenres"/>), or 'summary' when the library has none.
    /// </summary>
    public static string Prepare(IAnsiConsole console, DemoOptions options, string library)
    {
        if (options.Model is not null)
        {
            console.MarkupLine($"using model [bold]{Markup.Escape(options.Model)}[/]");
            return options.Model;
        }

        string? corpus = DemoGenres.TrainingCorpus(console, options, library, AudioDecoders.CreateDefault());
        if (corpus is null)
        {
            console.MarkupLine("[yellow]No genre labels to train on (genre tags, or a labelled genre corpus): using the DSP summary analyzer.[/]");
            return SummaryFeatureAnalyzer.Id;
        }

        CorpusSource source;
        try
        {
            source = CorpusSource.Load(corpus, Path.Combine(options.Root, "cache"));
        }
        catch (TimbreException e)
        {
            console.MarkupLine("[yellow]No genre folders to train on: using the DSP summary analyzer.[/]");
            console.MarkupLine($"[grey]{Markup.Escape(e.Message)}[/]");
            return SummaryFeatureAnalyzer.Id;
        }

        var representation = Representation.For(options.ModelKind);
        FeatureCacheResult opened = DemoProgress.Run(console, $"features ({representation.Spec.Kind}) of {source.Corpus.Items.Count} tracks", report =>
            source.OpenCache(representation, AudioDecoders.CreateDefault(), new SyncProgress<FeatureCacheProgress>(p => report(p.TracksDone, source.Corpus.Items.Count))));
        using FeatureCache cache = opened.Cache;
        console.MarkupLine(opened.Built ? $"feature cache built in {opened.Elapsed.TotalSeconds:0.0} s" : "feature cache reused");
        string key = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}:{options.ModelKind}:seed{options.Seed}:epochs{options.Epochs}:patience{options.Patience}:{cache.Key}");
        string directory = options.ModelDirectory;
        if (ReusableKey(directory) == key)
        {
            var manifest = ModelPackage.ReadManifest(directory);
            console.MarkupLine($"model [green]reused[/]: {Markup.Escape(directory)} ({Markup.Escape(manifest.ModelKind)}, {manifest.Labels.Length} genres, {Accuracy(manifest.Metrics)})");
            return directory;
        }

        (int[] train, int[] validation, int[] test) = Split(cache, options.Seed);
        var pipeline = new PipelineOptions
        {
            Trainer = new TrainerOptions { Epochs = options.Epochs, Patience = options.Patience, Seed = (int)(options.Seed % int.MaxValue), BatchSize = 32 },
        };
        using TrainedModel trained = DemoProgress.Run(console, $"training {options.ModelKind} on {train.Length} tracks", report =>
            ModelPipeline.Train(options.ModelKind, cache, representation, train, validation, pipeline, progress: new SyncProgress<EpochProgress>(p =>
                report(p.Epoch - 1 + (double)p.Batch / Math.Max(1, p.Batches), p.Epochs))));
        EvaluationResult evaluation = ModelPipeline.Evaluate(trained, cache, test);
        var metrics = new Dictionary<string, double>
        {
            ["test_track_accuracy"] = evaluation.Track.Accuracy,
            ["test_tracks"] = test.Length,
            ["epochs"] = trained.History.TrainLoss.Count,
        };
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        PackagedModel.Save(directory, trained, metrics, new TrainingDataSummary(key, train.Length, train.Sum(t => cache.Tracks[t].ClipCount), "demo: stratified by genre, seeded"));
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"model [green]trained[/]: {Markup.Escape(directory)} — {trained.History.TrainLoss.Count} epochs, [bold]{evaluation.Track.Accuracy:P0}[/] accuracy on {test.Length} held-out tracks (chance {1.0 / cache.Labels.Count:P0})"));
        return directory;
    }

    /// <summary>Per genre, seeded: about 20 % of the tracks for test, 15 % for validation (none below 5 tracks), the rest for training.</summary>
    internal static (int[] Train, int[] Validation, int[] Test) Split(FeatureCache cache, ulong seed)
    {
        var random = new Random((int)(seed % int.MaxValue));
        List<int> train = [], validation = [], test = [];
        foreach (IGrouping<int, int> genre in Enumerable.Range(0, cache.Tracks.Count).GroupBy(i => cache.Tracks[i].LabelIndex).OrderBy(g => g.Key))
        {
            int[] tracks = genre.ToArray();
            random.Shuffle(tracks);
            int nTest = tracks.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(tracks.Length * 0.2));
            int nValidation = tracks.Length < 5 ? 0 : Math.Max(1, (int)Math.Round(tracks.Length * 0.15));
            test.AddRange(tracks.Take(nTest));
            validation.AddRange(tracks.Skip(nTest).Take(nValidation));
            train.AddRange(tracks.Skip(nTest + nValidation));
        }

        return (train.ToArray(), validation.ToArray(), test.ToArray());
    }

    /// <summary>The training-data key of the package in <paramref name="directory"/>, or null when there is none to reuse.</summary>
    internal static string? ReusableKey(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "manifest.json")))
        {
            return null;
        }

        try
        {
            return ModelPackage.ReadManifest(directory).TrainingData?.Corpus;
        }
        catch (TimbreException)
        {
            return null;
        }
    }

    private static string Accuracy(IReadOnlyDictionary<string, double> metrics) =>
        metrics.TryGetValue("test_track_accuracy", out double a)
            ? string.Create(CultureInfo.InvariantCulture, $"{a:P0} accuracy on held-out tracks")
            : "no accuracy recorded";
}
