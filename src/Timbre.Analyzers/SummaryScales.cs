using Timbre.Dsp.Summary;

namespace Timbre.Analyzers;

/// <summary>
/// Fixed, documented standardisation of the Dsp summary vector (<see cref="SummaryLayout"/>, features version 1 or 2) into
/// an embedding whose dimensions are all of order 1, so that no feature's unit (Hz against dB against [0, 1]) dominates
/// a cosine or Euclidean distance. Each frame feature has a typical range written as a centre c and a half-width h
/// (table <see cref="FeatureRanges"/>, chosen from the feature's definition and from librosa values on music); then
/// per statistic: mean, min, max, median → (v − c) / h; std → v / h; skew → v / 3; excess kurtosis →
/// sign(v)·ln(1 + |v|) / 3. Version 2's per-track values have their own range (<see cref="TrackValueRange"/>):
/// (v − c) / h, except the tempo, log₂(v / c) / h (octaves from 120 BPM). Every result is clamped to ±<see cref="Clamp"/> so one outlier dimension cannot dominate.
/// No corpus statistics are needed, so every library gets the same embedding for the same audio.
/// Changing any number here changes the embedding: give the analyzer a new model id (e.g. "summary2").
/// </summary>
public static class SummaryScales
{
    /// <summary>Largest absolute value of a standardised dimension.</summary>
    public const float Clamp = 5f;

    /// <summary>Typical range (centre, half-width) of one frame value of each feature row, by feature name.</summary>
    public static (double Centre, double HalfWidth) FeatureRange(string feature, int row) => feature switch
    {
        // log-mel dB summed by an orthonormal DCT over 128 bands: c0 ≈ √128 × mean band level (music ≈ −500…0).
        "mfcc" when row == 0 => (-250, 250),
        "mfcc" when row == 1 => (75, 75),
        "mfcc" when row <= 4 => (0, 40),
        "mfcc" => (0, 20),
        "chroma" => (0.5, 0.5),
        "contrast" => (20, 20),
        "tonnetz" => (0, 0.3),
        "centroid" => (2500, 2500),
        "bandwidth" => (2000, 2000),
        "rolloff" => (5000, 5000),
        "flatness" => (0.05, 0.05),
        "zcr" => (0.1, 0.1),
        "rms" => (0.1, 0.1),

        // Version 2 frame features (ranges from their definitions and the dev-set tracks).
        "mfcc_delta" when row == 0 => (0, 10),
        "mfcc_delta" when row <= 4 => (0, 4),
        "mfcc_delta" => (0, 2),
        "flux" => (0.3, 0.3),
        "onset_strength" => (1.5, 1.5),
        _ => throw new ArgumentException($"No scale for feature '{feature}'.", nameof(feature)),
    };

    /// <summary>
    /// Typical range (centre, half-width) of a version 2 per-track value, by dimension name; the tempo's half-width
    /// is in octaves around its centre.
    /// </summary>
    public static (double Centre, double HalfWidth) TrackValueRange(string name) => name switch
    {
        "onset_rate.per_second" => (3, 3),
        "tempo.bpm" => (120, 1),
        "beat_strength.peak" => (0.5, 0.5),
        "beat_strength.contrast" => (0.25, 0.25),
        "key.tonic_sin" or "key.tonic_cos" or "key.mode" => (0, 1),
        "key.clarity" => (0.5, 0.5),
        "loudness.integrated" => (-18, 10),
        "loudness.range" => (8, 8),
        "dynamics.short_term_std" => (3, 3),
        "dynamics.crest" => (15, 7),
        _ => throw new ArgumentException($"No scale for per-track value '{name}'.", nameof(name)),
    };

    /// <summary>The table behind <see cref="FeatureRange"/>, one row per feature of the layout (row 0 shown).</summary>
    public static IReadOnlyList<(string Feature, double Centre, double HalfWidth)> FeatureRanges { get; } =
        [.. SummaryLayout.Features.Select(f => f.Name).Concat(["mfcc_delta", "flux", "onset_strength"])
            .Select(f => (f, FeatureRange(f, 0).Centre, FeatureRange(f, 0).HalfWidth))];

    /// <summary>
    /// Standardises a summary vector of version 1 or 2 (told apart by length, <see cref="SummaryLayout.FeatureCountOf"/>)
    /// into a new array; version 1's dimensions get the same values in both.
    /// </summary>
    public static float[] Standardise(ReadOnlySpan<float> summary)
    {
        var dims = LayoutFor(summary.Length, nameof(summary));
        var result = new float[summary.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = dims[i];
            double v = summary[i];
            double z;
            if (IsTrackValue(d))
            {
                var (tc, th) = TrackValueRange(d.Name);
                z = d.Name == "tempo.bpm" ? Math.Log2(Math.Max(v, 1e-3) / tc) / th : (v - tc) / th;
            }
            else
            {
                var (c, h) = FeatureRange(d.Feature, d.Coefficient);
                z = d.Statistic switch
                {
                    "std" => v / h,
                    "skew" => v / 3,
                    "kurtosis" => Math.Sign(v) * Math.Log(1 + Math.Abs(v)) / 3,
                    _ => (v - c) / h,
                };
            }

            result[i] = (float)Math.Clamp(z, -Clamp, Clamp);
        }

        return result;
    }

    /// <summary>True for a version 2 per-track value (not a statistic over frames).</summary>
    private static bool IsTrackValue(SummaryDimension d) => !SummaryLayout.Statistics.Contains(d.Statistic);

    private static IReadOnlyList<SummaryDimension> LayoutFor(int length, string parameter)
    {
        for (var version = FeaturesVersion.V1; version <= FeaturesVersion.Latest; version++)
        {
            if (SummaryLayout.FeatureCountOf(version) == length)
            {
                return SummaryLayout.ForVersion(version);
            }
        }

        var known = string.Join(" or ", Enumerable.Range(FeaturesVersion.V1, FeaturesVersion.Latest).Select(SummaryLayout.FeatureCountOf));
        throw new ArgumentException($"Summary vector has {length} values, expected {known}.", parameter);
    }

    /// <summary>
    /// The inverse of <see cref="Standardise"/> for values inside ±<see cref="Clamp"/>: a summary vector whose
    /// standardised form is <paramref name="embedding"/> (a negative standardised std gives its absolute value, as a
    /// std is never negative). Synthetic catalogs use it to store summary features that agree with their embeddings.
    /// </summary>
    public static float[] Unstandardise(ReadOnlySpan<float> embedding)
    {
        var dims = LayoutFor(embedding.Length, nameof(embedding));
        var result = new float[embedding.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = dims[i];
            double z = Math.Clamp(embedding[i], -Clamp, Clamp);
            if (IsTrackValue(d))
            {
                var (tc, th) = TrackValueRange(d.Name);
                result[i] = (float)(d.Name == "tempo.bpm" ? tc * Math.Pow(2, z * th) : tc + (z * th));
                continue;
            }

            var (c, h) = FeatureRange(d.Feature, d.Coefficient);
            var v = d.Statistic switch
            {
                "std" => Math.Abs(z) * h,
                "skew" => z * 3,
                "kurtosis" => Math.Sign(z) * (Math.Exp(Math.Abs(z) * 3) - 1),
                _ => c + (z * h),
            };
            result[i] = (float)v;
        }

        return result;
    }
}
