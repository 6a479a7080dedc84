namespace Timbre.Dsp.Summary;

/// <summary>One dimension of the summary vector.</summary>
/// <param name="Index">Position in the vector.</param>
/// <param name="Name">Stable name, e.g. "mfcc[3].std" or "tempo.bpm".</param>
/// <param name="Feature">Feature, e.g. "mfcc" or "tempo".</param>
/// <param name="Coefficient">Row of that feature (0 for scalar features).</param>
/// <param name="Statistic">
/// Statistic over frames (mean, std, min, max, median, skew, kurtosis) or, for a per-track value, its name
/// (e.g. "bpm", "integrated").
/// </param>
/// <param name="Description">Meaning and unit/range.</param>
/// <param name="Block">Feature block: "timbre", "harmony", "rhythm" or "loudness" (<see cref="SummaryLayout.Blocks"/>).</param>
public sealed record SummaryDimension(int Index, string Name, string Feature, int Coefficient, string Statistic, string Description, string Block);

/// <summary>
/// Layout of the summary vector. Version 1 (<see cref="Dimensions"/>): for each frame feature (in the order of
/// <see cref="Features"/>), for each of its rows, the 7 <see cref="Statistics"/> over frames, in that order.
/// Version 2 (<see cref="ForVersion"/>): version 1 followed by <see cref="Version2Additions"/>, each feature's rows
/// in order and, per row, its statistics in the listed order.
/// </summary>
public static class SummaryLayout
{
    /// <summary>The feature blocks, in the order explanations list them.</summary>
    public static IReadOnlyList<string> Blocks { get; } = ["timbre", "harmony", "rhythm", "loudness"];

    /// <summary>Frame features of version 1: name, rows, description of one frame value.</summary>
    public static IReadOnlyList<(string Name, int Rows, string Description)> Features { get; } =
    [
        ("mfcc", 20, "MFCC (DCT-II ortho of log-mel dB, 128 Slaney mels), dB-like units"),
        ("chroma", 12, "STFT chroma C, C#, …, B, each frame divided by its maximum, in [0, 1]"),
        ("contrast", 7, "spectral contrast per octave band (0–200 Hz, then 6 octaves), dB ≥ 0"),
        ("tonnetz", 6, "tonal centroid (fifths x/y, minor thirds x/y, major thirds x/y), in [−1, 1]"),
        ("centroid", 1, "spectral centroid, Hz in [0, sr/2]"),
        ("bandwidth", 1, "spectral bandwidth (p = 2), Hz ≥ 0"),
        ("rolloff", 1, "85 % spectral roll-off frequency, Hz in [0, sr/2]"),
        ("flatness", 1, "spectral flatness of the power spectrum, in (0, 1]"),
        ("zcr", 1, "zero-crossing rate, crossings per sample in [0, 1)"),
        ("rms", 1, "frame RMS amplitude, ≥ 0 (1 = full scale)"),
    ];

    /// <summary>Statistics over frames, in vector order (population std, skewness and excess kurtosis; 0 when std = 0).</summary>
    public static IReadOnlyList<string> Statistics { get; } = ["mean", "std", "min", "max", "median", "skew", "kurtosis"];

    /// <summary>
    /// What version 2 appends, in order: feature, rows, and per row its statistics, each with its meaning and
    /// unit/range. Frame features (mfcc_delta, flux, onset_strength) use statistics over frames as in version 1;
    /// the others are one value per track.
    /// </summary>
    public static IReadOnlyList<(string Name, int Rows, IReadOnlyList<(string Statistic, string Description)> Values)> Version2Additions { get; } =
    [
        ("mfcc_delta", 20, [
            ("std", "std over frames of the first-order MFCC delta (librosa feature.delta, width 9), dB-like units per frame ≥ 0: how fast the timbre changes"),
            ("kurtosis", "excess kurtosis over frames of the MFCC delta: high when timbre changes come in bursts")]),
        ("flux", 1, [.. Statistics.Select(s => (s, "spectral flux: L2 distance between consecutive unit-norm mel magnitude spectra, in [0, √2] (0 steady, 1 sound↔silence)"))]),
        ("onset_strength", 1, [
            ("mean", "mean over frames of the onset strength (librosa onset_strength: mean over 128 mels of the positive log-mel dB rise), dB per frame ≥ 0"),
            ("std", "std over frames of the onset strength, dB per frame ≥ 0")]),
        ("onset_rate", 1, [("per_second", "onsets per second (librosa onset_detect peak picking of the onset strength), ≥ 0; 0 for silence")]),
        ("tempo", 1, [("bpm", "tempo, BPM in (0, 320): peak of the mean autocorrelation tempogram weighted by a log-normal prior (120 BPM, 1 octave), sub-frame refined; 120 with no pulse")]),
        ("beat_strength", 1, [
            ("peak", "mean normalised onset autocorrelation at the tempo's lag, in [0, 1] (1 = perfectly periodic onsets)"),
            ("contrast", "that peak minus the mean autocorrelation over lags from ½ to 1½ times the tempo lag, in [−1, 1]: beat sharpness")]),
        ("key", 1, [
            ("tonic_sin", "sine of the tonic's angle on the circle of fifths (C = 0, G = 30°, …), in [−1, 1]; 0 when there is no key"),
            ("tonic_cos", "cosine of the tonic's angle on the circle of fifths, in [−1, 1]; 0 when there is no key"),
            ("mode", "+1 major, −1 minor (Krumhansl–Schmuckler on the mean chroma), 0 when there is no key"),
            ("clarity", "the best Pearson correlation of the mean chroma with a Krumhansl–Kessler key profile, in [−1, 1]; 0 when there is no key")]),
        ("loudness", 1, [
            ("integrated", "EBU R128 / BS.1770 gated integrated loudness of the mono track, LUFS ≥ −70 (−70 = silent)"),
            ("range", "EBU Tech 3342 loudness range (LRA), LU ≥ 0")]),
        ("dynamics", 1, [
            ("short_term_std", "std of the 3 s short-term loudness (every 100 ms, above −70 LUFS), LU ≥ 0"),
            ("crest", "crest factor 20·log₁₀(peak / RMS) of the samples, dB ≥ 0 (3.01 for a sine, 0 for silence)")]),
    ];

    /// <summary>All dimensions of version 1 in order.</summary>
    public static IReadOnlyList<SummaryDimension> Dimensions { get; } = Build(FeaturesVersion.V1);

    /// <summary>All dimensions of version 2 in order (the first <see cref="FeatureCount"/> are version 1's).</summary>
    public static IReadOnlyList<SummaryDimension> DimensionsV2 { get; } = Build(FeaturesVersion.V2);

    /// <summary>Length of the version 1 summary vector (357).</summary>
    public static int FeatureCount => Dimensions.Count;

    /// <summary>The dimensions of <paramref name="version"/> (1 or 2).</summary>
    public static IReadOnlyList<SummaryDimension> ForVersion(int version) =>
        FeaturesVersion.Validate(version) == FeaturesVersion.V1 ? Dimensions : DimensionsV2;

    /// <summary>Length of the summary vector of <paramref name="version"/> (357 or 418).</summary>
    public static int FeatureCountOf(int version) => ForVersion(version).Count;

    /// <summary>The block ("timbre", "harmony", "rhythm", "loudness") of a feature name.</summary>
    public static string BlockOf(string feature) => feature switch
    {
        "mfcc" or "mfcc_delta" or "contrast" or "centroid" or "bandwidth" or "rolloff" or "flatness" or "zcr" => "timbre",
        "chroma" or "tonnetz" or "key" => "harmony",
        "tempo" or "beat_strength" or "onset_rate" or "onset_strength" or "flux" => "rhythm",
        "rms" or "loudness" or "dynamics" => "loudness",
        _ => throw new ArgumentException($"No block for feature '{feature}'.", nameof(feature)),
    };

    private static SummaryDimension[] Build(int version)
    {
        var list = new List<SummaryDimension>();
        foreach (var (name, rows, description) in Features)
        {
            Add(list, name, rows, [.. Statistics.Select(s => (s, description))]);
        }

        if (version >= FeaturesVersion.V2)
        {
            foreach (var (name, rows, values) in Version2Additions)
            {
                Add(list, name, rows, values);
            }
        }

        return [.. list];
    }

    private static void Add(List<SummaryDimension> list, string name, int rows, IReadOnlyList<(string Statistic, string Description)> values)
    {
        var block = BlockOf(name);
        for (var r = 0; r < rows; r++)
        {
            foreach (var (stat, description) in values)
            {
                var label = rows == 1 ? $"{name}.{stat}" : $"{name}[{r}].{stat}";
                list.Add(new SummaryDimension(list.Count, label, name, r, stat, description, block));
            }
        }
    }
}
