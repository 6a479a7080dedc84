using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Inference.Features;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;

namespace Timbre.Cli.Training;

/// <summary>The options train, cv and compare share, and turning them into <see cref="PipelineOptions"/>.</summary>
internal sealed class TrainingArguments
{
    public Option<string> Data { get; } = new("--data") { Description = "Corpus: a folder of genre folders (GTZAN layout) or with manifest.csv, or a manifest CSV.", Required = true };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Maximum epochs (early stopping may end sooner).", DefaultValueFactory = _ => 30 };

    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 50 };

    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 0.001 };

    public Option<double> ClipSeconds { get; } = new("--clip-seconds") { Description = "Clip length for log-mel and MFCC models, seconds.", DefaultValueFactory = _ => Timbre.Inference.Features.Representation.DefaultClipSeconds };

    public Option<int> Pool { get; } = new("--pool") { Description = "Average-pool log-mel inputs by this factor on both axes (2: 128×130 → 64×65, ~4× faster).", DefaultValueFactory = _ => 1 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the split, initialisation and shuffling.", DefaultValueFactory = _ => 42 };

    public Option<int> Threads { get; } = new("--threads") { Description = "Torch threads (0 = library default).", DefaultValueFactory = _ => 0 };

    public Option<int> Patience { get; } = new("--patience") { Description = "Early stopping: epochs without a better validation loss.", DefaultValueFactory = _ => 5 };

    public Option<string> Augment { get; } = new("--augment") { Description = "Comma list of shift, gain, mixup, specaugment (or none).", DefaultValueFactory = _ => "none" };

    public Option<int?> MaxClips { get; } = new("--max-clips") { Description = "At most this many clips per training track (evenly spread; default all)." };

    public Option<int?> EvalClips { get; } = new("--eval-clips") { Description = "At most this many clips per validation/test track (evenly spread; default all)." };

    public Option<int> PretrainEpochs { get; } = new("--pretrain-epochs") { Description = "mobilenetv2-gru: epochs pre-training the backbone on the tempo-bucket source task (0 = train end to end).", DefaultValueFactory = _ => 4 };

    public Option<int> HeadEpochs { get; } = new("--head-epochs") { Description = "mobilenetv2-gru: epochs of the head on the frozen backbone; --epochs then bounds the fine-tuning of the whole network.", DefaultValueFactory = _ => 3 };

    public Option<double> FineTuneRate { get; } = new("--finetune-rate") { Description = "mobilenetv2-gru: fine-tuning learning rate as a fraction of --lr.", DefaultValueFactory = _ => 0.3 };

    public Option<string?> Backbone { get; } = new("--backbone") { Description = "mobilenetv2-gru: safetensors file of MobileNetV2 backbone weights (torchvision names; width multiplier must match) used instead of source-task pre-training." };

    public Option<string?> ModelOptions { get; } = new("--model-options") { Description = "JSON object overriding the model's options, e.g. '{\"gruHidden\":64}'." };

    public Option<string?> CacheDir { get; } = new("--cache-dir") { Description = "Feature cache folder (default DATA/.timbre-cache)." };

    /// <summary>--json: the report (report.json) on stdout when done; progress and notes on stderr.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print report.json on stdout when done; progress and notes go to stderr." };

    public void AddTo(Command command, bool withData = true)
    {
        if (withData)
        {
            command.Options.Add(Data);
        }

        foreach (Option o in new Option[] { Epochs, Batch, LearningRate, ClipSeconds, Pool, Seed, Threads, Patience, Augment, MaxClips, EvalClips, PretrainEpochs, HeadEpochs, FineTuneRate, Backbone, ModelOptions, CacheDir, Json })
        {
            command.Options.Add(o);
        }
    }

    public Representation Representation(ParseResult parse, string kind) =>
        Timbre.Inference.Features.Representation.For(kind, parse.GetValue(ClipSeconds), parse.GetValue(Pool));

    /// <summary>
    /// The pipeline settings; with <paramref name="kind"/> (train, cv) a <c>--backbone</c> for another kind is refused
    /// here, and a missing backbone file always is — before any feature cache is built.
    /// </summary>
    public PipelineOptions Pipeline(ParseResult parse, int? epochs = null, string? kind = null)
    {
        string? backbone = parse.GetValue(Backbone) is { Length: > 0 } b ? Path.GetFullPath(b) : null;
        if (backbone is not null && kind is not null && !kind.Equals("mobilenetv2-gru", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOptionsException($"--backbone: backbone weights only apply to mobilenetv2-gru, not {kind}.");
        }

        if (backbone is not null && !File.Exists(backbone))
        {
            throw new TimbreException($"--backbone: {backbone} does not exist.");
        }

        JsonElement? overrides = null;
        if (parse.GetValue(ModelOptions) is { Length: > 0 } json)
        {
            try
            {
                overrides = JsonDocument.Parse(json).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOptionsException($"--model-options is not valid JSON: {e.Message}");
            }
        }

        return new PipelineOptions
        {
            Trainer = new TrainerOptions
            {
                Epochs = epochs ?? parse.GetValue(Epochs),
                BatchSize = parse.GetValue(Batch),
                LearningRate = parse.GetValue(LearningRate),
                Seed = parse.GetValue(Seed),
                Threads = parse.GetValue(Threads),
                Patience = parse.GetValue(Patience),
                Augmentation = ParseAugment(parse.GetValue(Augment)),
            },
            ModelOverrides = overrides,
            MaxTrainClipsPerTrack = parse.GetValue(MaxClips),
            MaxEvalClipsPerTrack = parse.GetValue(EvalClips),
            PretrainEpochs = parse.GetValue(PretrainEpochs),
            HeadEpochs = parse.GetValue(HeadEpochs),
            BackboneWeightsPath = backbone,
            FineTuneRateFactor = parse.GetValue(FineTuneRate),
        };
    }

    public static AugmentationOptions? ParseAugment(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var options = new AugmentationOptions();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            options = part.ToLowerInvariant() switch
            {
                "shift" => options with { MaxTimeShift = 16 },
                "gain" => options with { MaxGain = 0.3f },
                "mixup" => options with { MixupAlpha = 0.2 },
                "specaugment" => options with { TimeMasks = 2, FrequencyMasks = 2 },
                _ => throw new InvalidOptionsException($"--augment takes shift, gain, mixup, specaugment or none; got '{part}'."),
            };
        }

        return options;
    }

    /// <summary>Opens (building if needed) the cache of <paramref name="representation"/>, showing a progress bar while building.</summary>
    public static FeatureCache OpenCache(IAnsiConsole console, CorpusSource source, Representation representation, CancellationToken ct)
    {
        FeatureCacheResult? result = null;
        string name = $"features {representation.Spec.Kind} {representation.Spec.Rows}×{representation.Spec.Cols}";
        EpochProgressView.Progress(console).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, source.Corpus.Items.Count));
            result = source.OpenCache(representation, AudioDecoders.CreateDefault(), new SyncProgress<FeatureCacheProgress>(p => task.Value = p.TracksDone), ct);
            task.Value = task.MaxValue;
        });
        var cache = result!.Cache;
        console.MarkupLineInterpolated($"{(result.Built ? "built" : "reused")} {name} cache: {cache.Tracks.Count} tracks, {cache.ClipCount} clips, {cache.Skipped.Count} skipped");
        return cache;
    }
}
