using System.Globalization;
using Spectre.Console;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Baselines;
using Timbre.Data.Corpus;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Inference.Features;

namespace Timbre.Cli.Demo;

/// <summary>Loads a corpus folder and reports counts, durations and baseline accuracies (used by <c>timbre corpus stats</c>).</summary>
internal static class CorpusStats
{
    /// <summary>DIR/manifest.csv if present, GTZAN layout if DIR/genres exists, else folder-per-label.</summary>
    public static ILabelledCorpus Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TimbreException($"Corpus folder '{directory}' does not exist.");
        }

        string manifest = Path.Combine(directory, CorpusManifest.FileName);
        if (File.Exists(manifest))
        {
            return ManifestLoader.Load(manifest);
        }

        return Directory.Exists(Path.Combine(directory, "genres")) || Directory.Exists(Path.Combine(directory, "genres_original"))
            ? GtzanLoader.Load(directory)
            : FolderLoader.Load(directory);
    }

    /// <summary>Duration of every item: from the generator's manifest when it lists the file, else by probing.</summary>
    public static Dictionary<string, double> Durations(string directory, ILabelledCorpus corpus, IAudioDecoder decoder)
    {
        string root = Path.GetFullPath(directory);
        var fromManifest = CorpusManifest.Read(Path.Combine(root, CorpusManifest.FileName))
            .ToDictionary(e => Path.GetFullPath(Path.Combine(root, e.Path)), e => e.Seconds, StringComparer.Ordinal);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (CorpusItem item in corpus.Items)
        {
            if (fromManifest.TryGetValue(Path.GetFullPath(item.Path), out double seconds))
            {
                result[item.Path] = seconds;
                continue;
            }

            try
            {
                result[item.Path] = decoder.Probe(item.Path).DurationSeconds;
            }
            catch (TimbreException)
            {
                result[item.Path] = double.NaN;
            }
        }

        return result;
    }

    /// <summary>
    /// Writes the per-genre table, the feature-cache notes and the baseline table to <paramref name="console"/>; with
    /// <paramref name="json"/> the tables become one JSON object on stdout and <paramref name="console"/> only gets progress.
    /// </summary>
    public static void Run(IAnsiConsole console, string directory, string? cacheDirectory, int folds, ulong seed, IAudioDecoder decoder, bool json = false)
    {
        ILabelledCorpus corpus = Load(directory);
        if (corpus.Items.Count == 0)
        {
            throw new TimbreException($"No audio files found in '{directory}'.");
        }

        Dictionary<string, double> durations = Durations(directory, corpus, decoder);
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title(Markup.Escape(corpus.Name)).AddColumns("Genre", "Tracks", "Total", "Mean", "Min", "Max");
        var genres = new List<GenreJson>();
        foreach (IGrouping<string, CorpusItem> genre in corpus.Items.GroupBy(i => i.Label))
        {
            double[] d = genre.Select(i => durations[i.Path]).Where(double.IsFinite).ToArray();
            genres.Add(new GenreJson(genre.Key, genre.Count(), d.Sum(), d.Length == 0 ? null : d.Average(), d.Length == 0 ? null : d.Min(), d.Length == 0 ? null : d.Max()));
            table.AddRow(Markup.Escape(genre.Key), genre.Count().ToString(c),
                d.Length == 0 ? "?" : TimeSpan.FromSeconds(d.Sum()).ToString(@"h\:mm\:ss", c),
                d.Length == 0 ? "?" : d.Average().ToString("0.0 s", c), d.Length == 0 ? "?" : d.Min().ToString("0.0 s", c), d.Length == 0 ? "?" : d.Max().ToString("0.0 s", c));
        }

        double[] all = durations.Values.Where(double.IsFinite).ToArray();
        table.AddRow("[bold]all[/]", corpus.Items.Count.ToString(c), TimeSpan.FromSeconds(all.Sum()).ToString(@"h\:mm\:ss", c), all.Length == 0 ? "?" : all.Average().ToString("0.0 s", c), "", "");
        if (!json)
        {
            console.Write(table);
        }

        foreach (SkippedItem s in corpus.Skipped)
        {
            console.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        FeatureExtractorSpec spec = FeatureExtractorSpec.TrackSummary;
        string cacheDir = cacheDirectory ?? Path.Combine(directory, ".timbre-cache");
        string cachePath = FeatureCache.DefaultPath(cacheDir, spec, corpus.Items);
        FeatureCacheResult? result = null;
        CliConsole.ForProgress(json).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask("summary features (357-d)", maxValue: corpus.Items.Count);
                result = FeatureCache.GetOrBuild(cachePath, corpus.Items, spec, decoder, new SyncProgress<FeatureCacheProgress>(p => task.Value = p.TracksDone));
                task.Value = task.MaxValue;
            });
        using FeatureCache cache = result!.Cache;
        console.MarkupLine(result.Built
            ? $"feature cache [green]built[/] in {result.Elapsed.TotalSeconds:0.0} s ({Markup.Escape(result.Reason ?? "")}): {Markup.Escape(cache.Path)}"
            : $"feature cache [green]reused[/]: {Markup.Escape(cache.Path)}");
        foreach (SkippedItem s in cache.Skipped)
        {
            console.MarkupLine($"[yellow]not analysed[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        IReadOnlyList<BaselineResult>? baselines = null;
        if (cache.Labels.Count < 2 || cache.Tracks.Count < Math.Max(folds, 10))
        {
            console.MarkupLine("[yellow]Too few tracks or labels for a baseline accuracy.[/]");
        }
        else
        {
            baselines = BaselineEvaluation.Evaluate(cache, new BaselineEvaluationOptions { Seed = seed, Folds = folds });
        }

        if (json)
        {
            CliJson.Write(new CorpusJson(
                corpus.Name, Path.GetFullPath(directory), corpus.Items.Count, all.Sum(), genres,
                corpus.Skipped.Concat(cache.Skipped).Select(s => new SkippedJson(s.Path, s.Reason)).ToList(),
                cache.Path, cache.Labels.Count, baselines));
            return;
        }

        if (baselines is null)
        {
            return;
        }

        var accuracy = new Table().Title("Baseline accuracy on the summary features (z-scored; split by track)")
            .AddColumns("Protocol", "Train", "Test", "Nearest centroid", "Logistic regression");
        foreach (BaselineResult b in baselines)
        {
            accuracy.AddRow(Markup.Escape(b.Protocol), b.Train.ToString(c), b.Test.ToString(c), b.NearestCentroid.ToString("P1", c), b.LogisticRegression.ToString("P1", c));
        }

        accuracy.Caption(string.Create(c, $"chance = {1.0 / cache.Labels.Count:P1} ({cache.Labels.Count} labels)"));
        console.Write(accuracy);
    }

    /// <summary>The corpus as printed by <c>corpus stats --json</c>; <c>baselines</c> is null when the corpus is too small.</summary>
    private sealed record CorpusJson(
        string Name,
        string Folder,
        int Tracks,
        double TotalSeconds,
        IReadOnlyList<GenreJson> Genres,
        IReadOnlyList<SkippedJson> Skipped,
        string FeatureCache,
        int Labels,
        IReadOnlyList<BaselineResult>? Baselines);

    /// <summary>One genre's count and durations (seconds; null when no file's duration is known).</summary>
    private sealed record GenreJson(string Genre, int Tracks, double TotalSeconds, double? MeanSeconds, double? MinSeconds, double? MaxSeconds);

    /// <summary>A file left out, and why.</summary>
    private sealed record SkippedJson(string Path, string Reason);
}
