using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Core.Errors;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;
using Timbre.Reporting;
using Timbre.Training.Contrastive;
using Timbre.Training.Pipeline;

namespace Timbre.Cli.Training;

/// <summary>What one contrastive run trains on and where it writes.</summary>
/// <param name="Data">The folder named in the report.</param>
/// <param name="Files">The audio files to train on.</param>
/// <param name="Output">Package folder to write.</param>
/// <param name="Representation">Log-mel crops the encoder sees.</param>
/// <param name="Options">Trainer settings (their time budget is replaced by what decoding leaves of <paramref name="Budget"/>).</param>
/// <param name="Budget">Wall time of the whole run, decoding included.</param>
/// <param name="MaxTrackSeconds">Most seconds of each track kept in memory.</param>
internal sealed record ContrastiveJob(
    string Data, IReadOnlyList<string> Files, string Output, Representation Representation, ContrastiveOptions Options, TimeSpan Budget, double MaxTrackSeconds)
{
    /// <summary>Folder of the decoded-track cache (reused when it holds the same files); null = no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>A contrastive package to continue from; null = random weights.</summary>
    public string? Init { get; init; }

    /// <summary>What the package's manifest records as its training corpus (a reuse key); null = <see cref="Data"/>.</summary>
    public string? Corpus { get; init; }
}

/// <summary>What a contrastive run did.</summary>
/// <param name="Tracks">Tracks trained on.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Elapsed">Wall time, decoding included.</param>
/// <param name="Decoding">Wall time of decoding.</param>
internal sealed record ContrastiveOutcome(int Tracks, int Epochs, TimeSpan Elapsed, TimeSpan Decoding);

/// <summary>
/// <c>timbre train --model contrastive</c>: any folder of audio, no labels. Decodes each track once into memory (with a
/// progress bar), trains the encoder self-supervised within the time budget (progress bar), writes a normal package
/// without a classifier, a loss-curve PNG and report.md / report.json.
/// </summary>
internal static class ContrastiveRun
{
    /// <summary>Crop (= inference clip) length, seconds.</summary>
    public const double CropSeconds = 3.0;

    /// <summary>Log-mel pooling: 128 × 130 clips become 64 × 65.</summary>
    public const int DefaultPool = 2;

    /// <summary>Parses the options of <c>timbre train --model contrastive</c> and runs <see cref="Train"/>.</summary>
    public static int Run(
        ParseResult parse, TrainingArguments args, string output, double minutes, double maxTrackSeconds, string? init, CancellationToken ct)
    {
        if (minutes is <= 0 or > 24 * 60)
        {
            throw new InvalidOptionsException($"--minutes must be in (0, 1440]; got {minutes}.");
        }

        if (maxTrackSeconds is < 5 or > 3600)
        {
            throw new InvalidOptionsException($"--max-track-seconds must be in [5, 3600]; got {maxTrackSeconds}.");
        }

        bool json = parse.GetValue(args.Json);
        var console = EpochProgressView.Console(json);
        string data = parse.GetValue(args.Data)!;
        if (!Directory.Exists(data))
        {
            throw new InvalidOptionsException($"--data {data}: not a folder; contrastive training takes any folder of audio.");
        }

        int pool = Explicit(parse, args.Pool) ? parse.GetValue(args.Pool) : DefaultPool;
        double clipSeconds = Explicit(parse, args.ClipSeconds) ? parse.GetValue(args.ClipSeconds) : CropSeconds;
        var defaults = new ContrastiveOptions();
        var options = new ContrastiveOptions
        {
            Batch = Explicit(parse, args.Batch) ? parse.GetValue(args.Batch) : defaults.Batch,
            Epochs = Explicit(parse, args.Epochs) ? parse.GetValue(args.Epochs) : defaults.Epochs,
            LearningRate = parse.GetValue(args.LearningRate),
            Seed = parse.GetValue(args.Seed),
            Threads = parse.GetValue(args.Threads),
            ModelOverrides = ModelOverrides(parse, args),
        }.Validate();
        string? cacheDir = parse.GetValue(args.CacheDir);
        var job = new ContrastiveJob(data, PackageInput.Expand([data]), output, Representation.For(ContrastiveTrainer.Kind, clipSeconds, pool), options, TimeSpan.FromMinutes(minutes), maxTrackSeconds)
        {
            CacheDirectory = cacheDir,
            Init = init,
        };
        Train(console, job, ct);
        if (json)
        {
            ReportFiles.PrintJson(output);
        }

        return 0;
    }

    /// <summary>
    /// Decodes <see cref="ContrastiveJob.Files"/> once (progress bar; reused from the job's cache folder when it
    /// holds them), trains within what is left of <see cref="ContrastiveJob.Budget"/> (progress bar), and writes the
    /// package with report.md, report.json and loss-curve.png into <see cref="ContrastiveJob.Output"/>.
    /// </summary>
    /// <exception cref="InvalidOptionsException">Decoding alone used up the budget.</exception>
    public static ContrastiveOutcome Train(IAnsiConsole console, ContrastiveJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(job);
        var clock = Stopwatch.StartNew();
        var files = job.Files;
        var representation = job.Representation;
        var options = job.Options;
        var initial = job.Init is null ? null : LoadInitial(job.Init);
        string? cacheFile = job.CacheDirectory is null ? null : Path.Combine(job.CacheDirectory, "contrastive-tracks.bin");
        string cacheKey = string.Join(";", representation.ToFeatureSpec().Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
            + ";maxSeconds=" + job.MaxTrackSeconds.ToString("R", CultureInfo.InvariantCulture);
        TrackSpectrograms? tracks = cacheFile is null ? null : TrackSpectrograms.TryLoad(cacheFile, cacheKey, files, representation);
        if (tracks is null)
        {
            EpochProgressView.Progress(console).Start(ctx =>
            {
                var task = ctx.AddTask("decoding", maxValue: Math.Max(1, files.Count));
                tracks = TrackSpectrograms.Build(files, representation, AudioDecoders.CreateDefault(), job.MaxTrackSeconds, Environment.ProcessorCount,
                    new SyncProgress<DecodeProgress>(p => task.Value = p.Done), ct);
                task.Value = task.MaxValue;
            });
            if (cacheFile is not null)
            {
                Directory.CreateDirectory(job.CacheDirectory!);
                tracks!.Save(cacheFile, cacheKey);
            }
        }
        else
        {
            console.MarkupLineInterpolated($"reused the decoded tracks in {cacheFile}");
        }

        var library = tracks!;

        foreach (var (path, reason) in library.Skipped)
        {
            console.MarkupLineInterpolated($"[yellow]skipped[/] {path}: {reason}");
        }

        var decodeTime = clock.Elapsed;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"decoded {library.Count} tracks once in {decodeTime.TotalSeconds:0} s ({library.Bytes / 1e6:0.0} MB of float16 log-mel, {library.Rows} bands)")));
        var budget = job.Budget - clock.Elapsed - TimeSpan.FromSeconds(5);
        if (budget <= TimeSpan.FromSeconds(1))
        {
            throw new InvalidOptionsException($"A budget of {job.Budget.TotalMinutes:0.##} min: decoding alone took {decodeTime.TotalMinutes:0.0} min; give more time.");
        }

        options = options with { TimeBudget = budget };
        TrainedModel trained = null!;
        EpochProgressView.Progress(console).Start(ctx =>
        {
            var task = ctx.AddTask("contrastive", maxValue: 1);
            // The bar shows the larger of the epoch and the time-budget fractions: the budget usually ends the run.
            var epochs = EpochProgressView.For(task, "contrastive");
            var started = clock.Elapsed;
            var view = new SyncProgress<Timbre.Training.Training.EpochProgress>(p =>
            {
                epochs.Report(p);
                task.Value = Math.Max(task.Value, Math.Min(1, (clock.Elapsed - started) / options.TimeBudget));
            });
            trained = ContrastiveTrainer.Train(library, options, initial, view, ct);
            task.Value = task.MaxValue;
        });
        using (trained)
        {
            var history = trained.History;
            var metrics = new Dictionary<string, double>
            {
                ["train.ntxent.first"] = history.TrainLoss[0],
                ["train.ntxent.last"] = history.TrainLoss[^1],
                ["train.positiveFirst.last"] = history.TrainAccuracy[^1],
                ["train.minutes"] = clock.Elapsed.TotalMinutes,
                ["train.tracksPerMinute"] = library.Count / Math.Max(1e-9, clock.Elapsed.TotalMinutes),
                ["train.cpuMinutes"] = Process.GetCurrentProcess().TotalProcessorTime.TotalMinutes,
            };
            var summary = new TrainingDataSummary(job.Corpus ?? job.Data, library.Count, library.Paths.Select((_, t) => library.Frames(t) / library.ClipFrames).Sum(),
                "self-supervised: every track, no labels, no split");
            var manifest = PackagedModel.Save(job.Output, trained, metrics, summary);
            WriteReport(job.Output, job.Data, library, options, trained, clock.Elapsed, decodeTime, job.Init, job.MaxTrackSeconds);
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{trained.Notes[0]}; loss {history.TrainLoss[0]:0.000} → {history.TrainLoss[^1]:0.000}, positive first {history.TrainAccuracy[^1]:0.000}")));
            console.MarkupLineInterpolated($"wrote [green]{job.Output}[/] ({manifest.ModelKind}, {trained.Model.EmbeddingSize}-d embedding, no genre classifier, weights {manifest.WeightsSha256[..12]}…) with report.md, report.json and loss-curve.png in {clock.Elapsed.TotalMinutes:0.0} min ({library.Count / clock.Elapsed.TotalMinutes:0.0} tracks/min)");
            return new ContrastiveOutcome(library.Count, history.Epochs, clock.Elapsed, decodeTime);
        }
    }

    private static bool Explicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static JsonElement? ModelOverrides(ParseResult parse, TrainingArguments args)
    {
        if (parse.GetValue(args.ModelOptions) is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOptionsException($"--model-options is not valid JSON: {e.Message}");
        }
    }

    private static Timbre.Models.Common.TimbreModel LoadInitial(string init)
    {
        var loaded = ModelPackage.Load(init);
        if (loaded.Model is not Timbre.Models.Spectrogram.ContrastiveCnn)
        {
            string kind = loaded.Manifest.ModelKind;
            loaded.Model.Dispose();
            throw new InvalidOptionsException($"--init {init}: a {kind} package; only a contrastive package can be continued.");
        }

        loaded.Model.train();
        return loaded.Model;
    }

    private static void WriteReport(
        string output, string data, TrackSpectrograms library, ContrastiveOptions o, TrainedModel trained, TimeSpan total, TimeSpan decode, string? init, double maxTrackSeconds)
    {
        var h = trained.History;
        var epochs = Enumerable.Range(1, h.Epochs).Select(e => (double)e).ToArray();
        LineChartPlot.Write(Path.Combine(output, "loss-curve.png"), new ChartData(
            "Contrastive training (NT-Xent) on " + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(data))), "Epoch", "Loss / share",
            [new ChartSeries("NT-Xent loss", epochs, h.TrainLoss), new ChartSeries("positive ranked first", epochs, h.TrainAccuracy)]));
        var settings = new Dictionary<string, string>
        {
            ["data"] = data,
            ["tracks"] = library.Count.ToString(CultureInfo.InvariantCulture),
            ["skipped files"] = library.Skipped.Count.ToString(CultureInfo.InvariantCulture),
            ["features"] = string.Create(CultureInfo.InvariantCulture, $"log-mel {library.Representation.Spec.NMels} bands pooled by {library.Representation.Pool} → {library.Rows} × {library.ClipFrames} per {library.Representation.Spec.ClipSeconds:0.###}-s crop"),
            ["audio kept per track"] = string.Create(CultureInfo.InvariantCulture, $"≤ {maxTrackSeconds:0} s (float16, {library.Bytes / 1e6:0.0} MB in all)"),
            ["batch (tracks, 2 views each)"] = o.Batch.ToString(CultureInfo.InvariantCulture),
            ["temperature"] = o.Temperature.ToString(CultureInfo.InvariantCulture),
            ["learning rate"] = o.LearningRate.ToString(CultureInfo.InvariantCulture) + " (5 % warm-up, cosine to the nearer of epochs / time budget)",
            ["augmentations"] = Describe(o.Augmentation),
            ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
            ["initial weights"] = init ?? "random",
            ["embedding"] = $"{trained.Model.EmbeddingSize}-d (encoder output: mean and max of the last feature map), projection head not used at inference",
            ["epochs run"] = h.Epochs.ToString(CultureInfo.InvariantCulture),
            ["decoding"] = string.Create(CultureInfo.InvariantCulture, $"{decode.TotalSeconds:0} s"),
            ["wall time"] = string.Create(CultureInfo.InvariantCulture, $"{total.TotalMinutes:0.0} min ({library.Count / total.TotalMinutes:0.0} tracks/min)"),
            ["CPU time (all threads)"] = string.Create(CultureInfo.InvariantCulture, $"{Process.GetCurrentProcess().TotalProcessorTime.TotalMinutes:0.0} min; {h.SamplesPerSecond:0} views/s over the training loop"),
            ["loss first → last epoch"] = string.Create(CultureInfo.InvariantCulture, $"{h.TrainLoss[0]:0.000} → {h.TrainLoss[^1]:0.000}"),
            ["positive ranked first, last epoch"] = h.TrainAccuracy[^1].ToString("0.000", CultureInfo.InvariantCulture),
            ["note"] = trained.Notes[0],
        };
        var md = new StringBuilder("# Contrastive encoder\n\n| setting | value |\n|---|---|\n");
        foreach (var (k, v) in settings)
        {
            md.Append("| ").Append(k).Append(" | ").Append(v.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        md.Append("\n![loss curve](loss-curve.png)\n");
        File.WriteAllText(Path.Combine(output, "report.md"), md.ToString());
        File.WriteAllText(Path.Combine(output, "report.json"), JsonSerializer.Serialize(new
        {
            settings,
            trainLoss = h.TrainLoss,
            positiveFirst = h.TrainAccuracy,
            learningRate = h.LearningRate,
        }, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Describe(ViewAugmentationOptions a) => string.Create(CultureInfo.InvariantCulture,
        $"gain ±{a.MaxGainDb} dB, EQ ±{a.MaxEqDb} dB, resampling ±{a.MaxResampleSemitones} semitones, noise p {a.NoiseProbability}, other track p {a.MixProbability} at −{a.MixBelowDb.Min}…−{a.MixBelowDb.Max} dB, {a.TimeMasks} time and {a.FrequencyMasks} frequency masks");
}
