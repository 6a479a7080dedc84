using System.Globalization;
using Timbre.Core.Errors;
using Timbre.Dsp.Summary;
using Timbre.Inference.Packaging;

namespace Timbre.Inference.Features;

/// <summary>
/// What a model kind is fed: the cached representation (<see cref="Spec"/>) and the sample shape the model takes.
/// <list type="table">
/// <item><term>cnn4, cnn5, crnn, mobilenetv2-gru</term><description>log-mel 128 × frames of <c>clipSeconds</c> clips (default 3 s → 128 × 130), shape (1, 128, frames)</description></item>
/// <item><term>slice-cnn, slice-crnn</term><description>seed 002's 128 × 128 log-mel slices (≈ 2.95 s), shape (1, 128, 128)</description></item>
/// <item><term>mfcc-cnn</term><description>13 MFCC × frames of <c>clipSeconds</c> clips (3 s → 13 × 130), shape (1, 13, frames)</description></item>
/// <item><term>logreg, svm, mlp, stats-cnn1d</term><description>the 357-d summary vector of the whole track, shape (357)</description></item>
/// </list>
/// Every representation is z-scored per row (mel band, coefficient or summary dimension) with training-set statistics
/// (<see cref="Normalization"/>), stored in the model package.
/// </summary>
/// <param name="Spec">The feature-cache representation.</param>
/// <param name="InputShape">One sample's shape as the model takes it.</param>
/// <param name="Pool">Average-pooling factor applied to both axes of matrix features before the model (1 = none);
/// 2 turns 128 × 130 log-mel clips into 64 × 65, a quarter of the convolution cost, for CPU-sized runs.</param>
public sealed record Representation(FeatureExtractorSpec Spec, int[] InputShape, int Pool = 1)
{
    /// <summary>Default clip length for spectrogram models, seconds.</summary>
    public const double DefaultClipSeconds = 3.0;

    /// <summary>The feature-spec kind written to package manifests.</summary>
    public const string ManifestKind = "timbre-clip-features";

    /// <summary>Whether each track is one sample (summary vector) rather than several clips.</summary>
    public bool WholeTrack => Spec.Kind == FeatureKind.Summary;

    /// <summary>The representation for <paramref name="kind"/>; <paramref name="clipSeconds"/> applies to log-mel and MFCC models.</summary>
    /// <exception cref="InvalidOptionsException">Unknown kind or bad clip length.</exception>
    public static Representation For(string kind, double? clipSeconds = null, int pool = 1)
    {
        if (pool is < 1 or > 8)
        {
            throw new InvalidOptionsException($"--pool must be in [1, 8]; got {pool}.");
        }

        double seconds = clipSeconds ?? DefaultClipSeconds;
        if (seconds is <= 0 or > 120)
        {
            throw new InvalidOptionsException($"--clip-seconds must be in (0, 120]; got {seconds}.");
        }

        FeatureExtractorSpec spec = kind.ToLowerInvariant() switch
        {
            "cnn4" or "cnn5" or "crnn" or "mobilenetv2-gru" or "contrastive" => FeatureExtractorSpec.LogMel3s with { ClipSeconds = seconds },
            "slice-cnn" or "slice-crnn" => FeatureExtractorSpec.Seed002Slices,
            "mfcc-cnn" => FeatureExtractorSpec.LogMel3s with { Kind = FeatureKind.Mfcc, ClipSeconds = seconds },
            "logreg" or "svm" or "mlp" or "stats-cnn1d" => FeatureExtractorSpec.TrackSummary,
            _ => throw new InvalidOptionsException($"Unknown model kind '{kind}'; known kinds: {string.Join(", ", Models.ModelFactory.Kinds)}."),
        };
        // MobileNetV2 downsamples 32×: pooled further than 2 its last feature map would be a single cell.
        int kindPool = kind.Equals("mobilenetv2-gru", StringComparison.OrdinalIgnoreCase) ? Math.Min(pool, 2) : pool;
        return FromSpec(spec.Validate(), spec.Kind == FeatureKind.LogMel ? kindPool : 1);
    }

    /// <summary>The representation of a validated spec, pooled by <paramref name="pool"/> (matrix kinds only).</summary>
    public static Representation FromSpec(FeatureExtractorSpec spec, int pool = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == FeatureKind.Summary)
        {
            return new(spec, [spec.Rows], 1);
        }

        if (spec.Rows / pool < 1 || spec.Cols / pool < 1)
        {
            throw new InvalidOptionsException($"Pooling {spec.Rows}×{spec.Cols} features by {pool} leaves nothing.");
        }

        return new(spec, [1, spec.Rows / pool, spec.Cols / pool], pool);
    }

    /// <summary>Rows of one model sample (after pooling).</summary>
    public int SampleRows => Spec.Kind == FeatureKind.Summary ? Spec.Rows : Spec.Rows / Pool;

    /// <summary>Columns of one model sample (after pooling).</summary>
    public int SampleCols => Spec.Kind == FeatureKind.Summary ? 1 : Spec.Cols / Pool;

    /// <summary>Values of one model sample.</summary>
    public int SampleSize => SampleRows * SampleCols;

    /// <summary>
    /// Turns one raw clip (<see cref="FeatureExtractorSpec.Rows"/> × <see cref="FeatureExtractorSpec.Cols"/>) into a
    /// model sample: average over <see cref="Pool"/> × <see cref="Pool"/> blocks (trailing rows/columns dropped).
    /// </summary>
    public void ToSample(ReadOnlySpan<float> raw, Span<float> sample)
    {
        if (Pool == 1)
        {
            raw.CopyTo(sample);
            return;
        }

        int cols = Spec.Cols, outRows = SampleRows, outCols = SampleCols;
        float scale = 1f / (Pool * Pool);
        for (int r = 0; r < outRows; r++)
        {
            for (int c = 0; c < outCols; c++)
            {
                float sum = 0;
                for (int dr = 0; dr < Pool; dr++)
                {
                    var row = raw.Slice(((r * Pool) + dr) * cols, cols);
                    for (int dc = 0; dc < Pool; dc++)
                    {
                        sum += row[(c * Pool) + dc];
                    }
                }

                sample[(r * outCols) + c] = sum * scale;
            }
        }
    }

    /// <summary>The manifest form: every spec parameter as invariant text, plus the features version.</summary>
    public FeatureSpec ToFeatureSpec() => new(
        ManifestKind,
        FeaturesVersion.Current.ToString(CultureInfo.InvariantCulture),
        new Dictionary<string, string>
        {
            ["kind"] = Spec.Kind.ToString(),
            ["sampleRate"] = Text(Spec.SampleRate),
            ["nFft"] = Text(Spec.NFft),
            ["hopLength"] = Text(Spec.HopLength),
            ["nMels"] = Text(Spec.NMels),
            ["nMfcc"] = Text(Spec.NMfcc),
            ["clipSeconds"] = Spec.ClipSeconds is double s ? Text(s) : "",
            ["clipHopSeconds"] = Spec.ClipHopSeconds is double h ? Text(h) : "",
            ["pool"] = Text(Pool),
        });

    /// <summary>Rebuilds the representation from a manifest's feature spec.</summary>
    /// <exception cref="InvalidOptionsException">Another feature kind or version, or missing parameters.</exception>
    public static Representation FromFeatureSpec(FeatureSpec features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Kind != ManifestKind)
        {
            throw new InvalidOptionsException($"features of kind '{features.Kind}' are not {ManifestKind}.");
        }

        if (features.Version != FeaturesVersion.Current.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOptionsException($"features version {features.Version}; this Timbre computes version {FeaturesVersion.Current}. Retrain the model.");
        }

        string Get(string key) => features.Parameters.TryGetValue(key, out var v)
            ? v : throw new InvalidOptionsException($"feature parameter '{key}' is missing.");
        double? Optional(string key) => Get(key) is { Length: > 0 } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;
        int Int(string key) => int.Parse(Get(key), CultureInfo.InvariantCulture);
        var spec = new FeatureExtractorSpec
        {
            Kind = Enum.Parse<FeatureKind>(Get("kind")),
            SampleRate = Int("sampleRate"),
            NFft = Int("nFft"),
            HopLength = Int("hopLength"),
            NMels = Int("nMels"),
            NMfcc = Int("nMfcc"),
            ClipSeconds = Optional("clipSeconds"),
            ClipHopSeconds = Optional("clipHopSeconds"),
        };
        return FromSpec(spec.Validate(), features.Parameters.TryGetValue("pool", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 1);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
