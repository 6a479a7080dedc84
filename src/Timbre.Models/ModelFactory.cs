using System.Text.Json;
using System.Text.Json.Serialization;
using Timbre.Core.Errors;
using Timbre.Models.Common;
using Timbre.Models.Spectrogram;
using Timbre.Models.Transfer;
using Timbre.Models.Vector;

namespace Timbre.Models;

/// <summary>
/// Creates any Timbre model by kind name, input shape and class count. Spectrogram kinds take a per-sample shape
/// (1, H, W) or (H, W) — H frequency bins, W frames; "mobilenetv2-gru" takes (C, H, W); vector kinds take (length).
/// Other settings come from the options record defaults, optionally overridden by a JSON object of option values.
/// </summary>
public static class ModelFactory
{
    /// <summary>JSON settings used for options (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly (string Kind, Type Options)[] Registry =
    [
        ("cnn4", typeof(Cnn4Options)),
        ("cnn5", typeof(Cnn5Options)),
        ("crnn", typeof(CrnnOptions)),
        ("slice-cnn", typeof(SliceCnnOptions)),
        ("slice-crnn", typeof(SliceCrnnOptions)),
        ("stats-cnn1d", typeof(StatsCnn1dOptions)),
        ("logreg", typeof(VectorModelOptions)),
        ("svm", typeof(VectorModelOptions)),
        ("mlp", typeof(MlpOptions)),
        ("mfcc-cnn", typeof(MfccCnnOptions)),
        ("mobilenetv2-gru", typeof(MobileNetV2GruOptions)),
        ("contrastive", typeof(ContrastiveCnnOptions)),
    ];

    /// <summary>Every kind name accepted by <see cref="Create(string, IReadOnlyList{int}, int, JsonElement?)"/>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = Registry.Select(r => r.Kind).ToArray();

    /// <summary>The kinds with a genre classifier (every kind but the self-supervised "contrastive" encoder).</summary>
    public static IReadOnlyList<string> ClassifierKinds { get; } = Kinds.Where(k => k != "contrastive").ToArray();

    /// <summary>Builds the options for <paramref name="kind"/>: defaults, then <paramref name="overrides"/>, then shape and classes.</summary>
    public static ModelOptions CreateOptions(string kind, IReadOnlyList<int> inputShape, int classes, JsonElement? overrides = null)
    {
        Type type = OptionsType(kind);
        ModelOptions options;
        try
        {
            options = overrides is { ValueKind: JsonValueKind.Object } o
                ? (ModelOptions)(o.Deserialize(type, Json) ?? throw new InvalidOptionsException($"Empty options for model '{kind}'."))
                : (ModelOptions)Activator.CreateInstance(type)!;
        }
        catch (JsonException e)
        {
            throw new InvalidOptionsException($"Options for model '{kind}' are not valid: {e.Message}");
        }

        options = WithShape(kind, options, inputShape) with { Classes = classes };
        options.Validate();
        return options;
    }

    /// <summary>Creates a model of <paramref name="kind"/> for samples of <paramref name="inputShape"/>.</summary>
    public static TimbreModel Create(string kind, IReadOnlyList<int> inputShape, int classes, JsonElement? overrides = null) =>
        Create(kind, CreateOptions(kind, inputShape, classes, overrides));

    /// <summary>Creates a model of <paramref name="kind"/> from complete options.</summary>
    public static TimbreModel Create(string kind, ModelOptions options) => (kind.ToLowerInvariant(), options) switch
    {
        ("cnn4", Cnn4Options o) => new Cnn4(o),
        ("cnn5", Cnn5Options o) => new Cnn5(o),
        ("crnn", CrnnOptions o) => new Crnn(o),
        ("slice-cnn", SliceCnnOptions o) => new SliceCnn(o),
        ("slice-crnn", SliceCrnnOptions o) => new SliceCrnn(o),
        ("stats-cnn1d", StatsCnn1dOptions o) => new StatsCnn1d(o),
        ("logreg", VectorModelOptions o) => new LogisticRegression(o),
        ("svm", VectorModelOptions o) => new LinearSvm(o),
        ("mlp", MlpOptions o) => new Mlp(o),
        ("mfcc-cnn", MfccCnnOptions o) => new MfccCnn(o),
        ("mobilenetv2-gru", MobileNetV2GruOptions o) => new MobileNetV2Gru(o),
        ("contrastive", ContrastiveCnnOptions o) => new ContrastiveCnn(o),
        _ => throw new InvalidOptionsException($"Options of type {options.GetType().Name} do not fit model kind '{kind}'."),
    };

    /// <summary>The kind name of <paramref name="model"/> (inverse of <see cref="Create(string, ModelOptions)"/>).</summary>
    public static string KindOf(TimbreModel model) => model switch
    {
        Cnn4 => "cnn4",
        Cnn5 => "cnn5",
        Crnn => "crnn",
        SliceCnn => "slice-cnn",
        SliceCrnn => "slice-crnn",
        StatsCnn1d => "stats-cnn1d",
        LogisticRegression => "logreg",
        LinearSvm => "svm",
        Mlp => "mlp",
        MfccCnn => "mfcc-cnn",
        MobileNetV2Gru => "mobilenetv2-gru",
        ContrastiveCnn => "contrastive",
        _ => throw new InvalidOptionsException($"{model.GetType().Name} is not a model ModelFactory knows."),
    };

    /// <summary>The model's options as a JSON object (what model packages store).</summary>
    public static JsonElement SerializeOptions(ModelOptions options) =>
        JsonSerializer.SerializeToElement(options, options.GetType(), Json);

    /// <summary>The options record type of <paramref name="kind"/>.</summary>
    public static Type OptionsType(string kind)
    {
        foreach (var (k, t) in Registry)
        {
            if (string.Equals(k, kind, StringComparison.OrdinalIgnoreCase))
            {
                return t;
            }
        }

        throw new InvalidOptionsException($"Unknown model kind '{kind}'; known kinds: {string.Join(", ", Kinds)}.");
    }

    private static ModelOptions WithShape(string kind, ModelOptions options, IReadOnlyList<int> shape)
    {
        if (options is VectorModelOptions vector)
        {
            int length = shape.Count switch
            {
                1 => shape[0],
                2 when shape[0] == 1 => shape[1],
                _ => throw BadShape(kind, shape, "(length)"),
            };
            return vector with { Length = length };
        }

        if (options is MobileNetV2GruOptions mobile)
        {
            return shape.Count switch
            {
                3 => mobile with { InputChannels = shape[0], Height = shape[1], Width = shape[2] },
                2 => mobile with { InputChannels = 1, Height = shape[0], Width = shape[1] },
                _ => throw BadShape(kind, shape, "(C, H, W)"),
            };
        }

        var (h, w) = shape.Count switch
        {
            3 when shape[0] == 1 => (shape[1], shape[2]),
            2 => (shape[0], shape[1]),
            _ => throw BadShape(kind, shape, "(1, H, W)"),
        };
        return options switch
        {
            Cnn4Options o => o with { Height = h, Width = w },
            Cnn5Options o => o with { Height = h, Width = w },
            CrnnOptions o => o with { Height = h, Width = w },
            SliceCnnOptions o => o with { Height = h, Width = w },
            SliceCrnnOptions o => o with { Height = h, Width = w },
            MfccCnnOptions o => o with { Height = h, Width = w },
            ContrastiveCnnOptions o => o with { Height = h, Width = w },
            _ => throw new InvalidOptionsException($"Model kind '{kind}' has no input shape mapping."),
        };
    }

    private static InvalidOptionsException BadShape(string kind, IReadOnlyList<int> shape, string expected) =>
        new($"Model '{kind}' takes samples shaped {expected}; got ({string.Join(", ", shape)}).");
}
