namespace Timbre.Recommendation.Space;

/// <summary>
/// The blocks an embedding space weighs against each other, and which summary feature belongs to which. Summary
/// dimensions are named "feature[row].statistic" or "feature.statistic" (Dsp <c>SummaryLayout</c>); the feature part
/// picks the block. A learned embedding (a neural package) is one block of its own, <see cref="Learned"/>.
/// </summary>
public static class EmbeddingBlocks
{
    /// <summary>Spectral shape: MFCCs and their deltas, contrast, centroid, bandwidth, roll-off, flatness, ZCR.</summary>
    public const string Timbre = "timbre";

    /// <summary>Pitch content: chroma, tonnetz, key/mode.</summary>
    public const string Harmony = "harmony";

    /// <summary>Time structure: tempo, beat strength, onset rate and strength, spectral flux.</summary>
    public const string Rhythm = "rhythm";

    /// <summary>Level: RMS, loudness (EBU R128), dynamics.</summary>
    public const string Loudness = "loudness";

    /// <summary>A learned embedding as a whole.</summary>
    public const string Learned = "learned";

    /// <summary>Summary features no rule names (kept, weighed as a block of their own).</summary>
    public const string Other = "other";

    /// <summary>Every block name, in the order blocks are laid out.</summary>
    public static IReadOnlyList<string> All { get; } = [Timbre, Harmony, Rhythm, Loudness, Learned, Other];

    /// <summary>The block of a summary feature name (feature version 1 and 2 names); <see cref="Other"/> when unknown.</summary>
    public static string OfFeature(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return feature.Trim().ToLowerInvariant() switch
        {
            "mfcc" or "mfcc_delta" or "mfcc_delta2" or "contrast" or "centroid" or "bandwidth" or "rolloff" or "flatness" or "zcr" => Timbre,
            "chroma" or "tonnetz" or "key" or "mode" or "key_strength" => Harmony,
            "tempo" or "beat_strength" or "onset_rate" or "onset_strength" or "flux" or "pulse_clarity" => Rhythm,
            "rms" or "loudness" or "dynamics" or "loudness_range" => Loudness,
            _ => Other,
        };
    }

    /// <summary>The block of a summary dimension name ("mfcc[3].std", "rms.mean", "tempo"): its feature's block.</summary>
    public static string OfDimension(string dimensionName)
    {
        ArgumentNullException.ThrowIfNull(dimensionName);
        var end = dimensionName.IndexOfAny(['[', '.']);
        return OfFeature(end < 0 ? dimensionName : dimensionName[..end]);
    }

    /// <summary>Readable phrase for explanations: "timbre", "rhythm", "harmony", "loudness", "learned features".</summary>
    public static string Describe(string block) => block switch
    {
        Learned => "learned features",
        Other => "other features",
        _ => block,
    };
}
