namespace Timbre.Core.Catalog;

/// <summary>
/// A file a library scan could not decode or analyse, remembered so that later scans skip it while it is unchanged
/// (same path, size and mtime). One row per path; cleared when the file is later analysed.
/// </summary>
public sealed record ScanFailureRecord
{
    /// <summary>Full path of the file; unique among failures.</summary>
    public required string Path { get; init; }

    /// <summary>File size in bytes when it failed.</summary>
    public long SizeBytes { get; init; }

    /// <summary>Last-write time of the file (UTC) when it failed; compared to the tick.</summary>
    public DateTime ModifiedUtc { get; init; }

    /// <summary>Why it failed, without the path (e.g. the decoder's reason).</summary>
    public required string Reason { get; init; }

    /// <summary>
    /// The analyzer whose analysis failed, or null for a failure independent of the model (the file could not be
    /// decoded). A model-specific failure is "known" only to the same model and feature version.
    /// </summary>
    public string? ModelId { get; init; }

    /// <summary>Feature version of <see cref="ModelId"/>; ignored when that is null.</summary>
    public int FeatureVersion { get; init; }

    /// <summary>When the path first failed since it last succeeded (set by the store).</summary>
    public DateTimeOffset FirstFailedUtc { get; init; }

    /// <summary>When it failed most recently (set by the store).</summary>
    public DateTimeOffset LastFailedUtc { get; init; }

    /// <summary>Failed attempts recorded since it last succeeded, at least 1 once stored (set by the store).</summary>
    public int Attempts { get; init; }
}
