namespace Timbre.Dsp.Tonality;

/// <summary>
/// Settings of <see cref="KeyEstimator"/>: the Krumhansl–Schmuckler algorithm — Pearson correlation of the track's
/// mean chroma with the 12 rotations of a major and a minor key profile; the best correlation names the key.
/// Defaults: the Krumhansl–Kessler (1982) probe-tone profiles.
/// </summary>
public sealed record KeyOptions
{
    /// <summary>Krumhansl–Kessler major profile, C … B.</summary>
    public static IReadOnlyList<double> KrumhanslKesslerMajor { get; } = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];

    /// <summary>Krumhansl–Kessler minor profile, C … B.</summary>
    public static IReadOnlyList<double> KrumhanslKesslerMinor { get; } = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>Major-key profile with tonic C (12 weights, C … B). Default <see cref="KrumhanslKesslerMajor"/>.</summary>
    public IReadOnlyList<double> MajorProfile { get; init; } = KrumhanslKesslerMajor;

    /// <summary>Minor-key profile with tonic C (12 weights, C … B). Default <see cref="KrumhanslKesslerMinor"/>.</summary>
    public IReadOnlyList<double> MinorProfile { get; init; } = KrumhanslKesslerMinor;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(MajorProfile, nameof(MajorProfile));
        ArgumentNullException.ThrowIfNull(MinorProfile, nameof(MinorProfile));
        if (MajorProfile.Count != 12 || MinorProfile.Count != 12)
        {
            throw new ArgumentException("Key profiles must have 12 weights (C … B).");
        }

        if (MajorProfile.Distinct().Count() < 2 || MinorProfile.Distinct().Count() < 2)
        {
            throw new ArgumentException("Key profiles must not be constant.");
        }
    }
}
