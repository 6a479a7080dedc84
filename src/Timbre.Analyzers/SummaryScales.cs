using Timbre.Dsp.Summary;

namespace Timbre.Analyzers;

/// <summary>
/// Fixed, documented standardisation of the Dsp summary vector (<see cref="SummaryLayout"/>, features version 1) into
/// an embedding whose dimensions are all of order 1, so that no feature's unit (Hz against dB against [0, 1]) dominates
/// a cosine or Euclidean distance. Each frame feature has a typical range written as a centre c and a half-width h
/// (table <see cref="FeatureRanges"/>, chosen from the feature's definition and from librosa values on music); then
/// per statistic: mean, min, max, median → (v − c) / h; std → v / h; skew → v / 3; excess kurtosis →
/// sign(v)·ln(1 + |v|) / 3. Every result is clamped to ±<see cref="Clamp"/> so one outlier dimension cannot dominate.
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
        _ => throw new ArgumentException($"No scale for feature '{feature}'.", nameof(feature)),
    };

    /// <summary>The table behind <see cref="FeatureRange"/>, one row per feature of the layout (row 0 shown).</summary>
    public static IReadOnlyList<(string Feature, double Centre, double HalfWidth)> FeatureRanges { get; } =
        [.. SummaryLayout.Features.Select(f => (f.Name, FeatureRange(f.Name, 0).Centre, FeatureRange(f.Name, 0).HalfWidth))];

    /// <summary>Standardises a summary vector (length <see cref="SummaryLayout.FeatureCount"/>) into a new array.</summary>
    public static float[] Standardise(ReadOnlySpan<float> summary)
    {
        var dims = SummaryLayout.Dimensions;
        if (summary.Length != dims.Count)
        {
            throw new ArgumentException($"Summary vector has {summary.Length} values, expected {dims.Count}.", nameof(summary));
        }

        var result = new float[summary.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = dims[i];
            var (c, h) = FeatureRange(d.Feature, d.Coefficient);
            double v = summary[i];
            var z = d.Statistic switch
            {
                "std" => v / h,
                "skew" => v / 3,
                "kurtosis" => Math.Sign(v) * Math.Log(1 + Math.Abs(v)) / 3,
                _ => (v - c) / h,
            };
            result[i] = (float)Math.Clamp(z, -Clamp, Clamp);
        }

        return result;
    }

    /// <summary>
    /// The inverse of <see cref="Standardise"/> for values inside ±<see cref="Clamp"/>: a summary vector whose
    /// standardised form is <paramref name="embedding"/> (a negative standardised std gives its absolute value, as a
    /// std is never negative). Synthetic catalogs use it to store summary features that agree with their embeddings.
    /// </summary>
    public static float[] Unstandardise(ReadOnlySpan<float> embedding)
    {
        var dims = SummaryLayout.Dimensions;
        if (embedding.Length != dims.Count)
        {
            throw new ArgumentException($"Embedding has {embedding.Length} values, expected {dims.Count}.", nameof(embedding));
        }

        var result = new float[embedding.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = dims[i];
            var (c, h) = FeatureRange(d.Feature, d.Coefficient);
            double z = Math.Clamp(embedding[i], -Clamp, Clamp);
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
