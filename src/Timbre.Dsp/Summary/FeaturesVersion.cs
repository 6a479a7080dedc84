namespace Timbre.Dsp.Summary;

/// <summary>
/// Version of the per-track summary vector (<see cref="TrackSummary"/>). Bump it whenever the layout or the
/// meaning of any dimension changes; vectors from different versions must never be compared.
/// </summary>
public static class FeaturesVersion
{
    /// <summary>Version 1 = 51 frame features × 7 statistics = 357 dimensions.</summary>
    public const int V1 = 1;

    /// <summary>
    /// Version 2 = the 357 dimensions of version 1, unchanged, followed by MFCC deltas, spectral flux, onset strength
    /// and rate, tempo, beat strength, key and EBU R128 loudness/dynamics (<see cref="SummaryLayout.ForVersion"/>).
    /// </summary>
    public const int V2 = 2;

    /// <summary>The version computed where none is asked for (plain "summary", feature caches, model packages): 1.</summary>
    public const int Current = V1;

    /// <summary>The newest version this build can compute.</summary>
    public const int Latest = V2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="version"/> is 1 … <see cref="Latest"/>.</summary>
    public static int Validate(int version) =>
        version is >= V1 and <= Latest
            ? version
            : throw new ArgumentOutOfRangeException(nameof(version), version, $"summary features version must be {V1} … {Latest}.");
}
