namespace Timbre.Dsp.Summary;

/// <summary>One dimension of the summary vector.</summary>
/// <param name="Index">Position in the vector.</param>
/// <param name="Name">Stable name, e.g. "mfcc[3].std".</param>
/// <param name="Feature">Frame feature, e.g. "mfcc".</param>
/// <param name="Coefficient">Row of that feature (0 for scalar features).</param>
/// <param name="Statistic">Statistic over frames: mean, std, min, max, median, skew or kurtosis.</param>
/// <param name="Description">Meaning and unit/range of the underlying frame feature.</param>
public sealed record SummaryDimension(int Index, string Name, string Feature, int Coefficient, string Statistic, string Description);

/// <summary>
/// Layout of the <see cref="FeaturesVersion.Current"/> summary vector: for each frame feature (in the order of
/// <see cref="Features"/>), for each of its rows, the 7 <see cref="Statistics"/> over frames, in that order.
/// </summary>
public static class SummaryLayout
{
    /// <summary>Frame features: name, rows, description of one frame value.</summary>
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

    /// <summary>All dimensions in order.</summary>
    public static IReadOnlyList<SummaryDimension> Dimensions { get; } = Build();

    /// <summary>Length of the summary vector (357 for version 1).</summary>
    public static int FeatureCount => Dimensions.Count;

    private static SummaryDimension[] Build()
    {
        var list = new List<SummaryDimension>();
        foreach (var (name, rows, description) in Features)
        {
            for (var r = 0; r < rows; r++)
            {
                foreach (var stat in Statistics)
                {
                    var label = rows == 1 ? $"{name}.{stat}" : $"{name}[{r}].{stat}";
                    list.Add(new SummaryDimension(list.Count, label, name, r, stat, description));
                }
            }
        }

        return [.. list];
    }
}
