namespace Timbre.Core.Catalog;

/// <summary>
/// Everything the catalog knows about one path, read in one call (<see cref="IScanRepository.FindStoredFile"/>) so a
/// scan answers "has this file changed, and for which analyzers?" once per file, in code, without asking again.
/// </summary>
/// <param name="Track">The catalogued track at the path, or null.</param>
/// <param name="AnalysisSets">The (model id, feature version) pairs the track has an analysis of.</param>
/// <param name="Failure">The recorded scan failure of the path, or null.</param>
public sealed record StoredFile(TrackRecord? Track, IReadOnlyList<(string ModelId, int FeatureVersion)> AnalysisSets, ScanFailureRecord? Failure)
{
    /// <summary>A path the catalog knows nothing about.</summary>
    public static StoredFile Unknown { get; } = new(null, [], null);

    /// <summary>
    /// The change rule shared by the scan and the store's saving: a different size is always a change; with both
    /// hashes known, a different hash is a change and an equal one is not (a touched file); otherwise a different
    /// mtime (compared to the tick, in UTC) is a change.
    /// </summary>
    public static bool IsChanged(long storedSize, DateTime storedModifiedUtc, string? storedHash, long size, DateTime modifiedUtc, string? hash)
    {
        if (storedSize != size)
        {
            return true;
        }

        if (storedHash is not null && hash is not null)
        {
            return !string.Equals(storedHash, hash, StringComparison.Ordinal);
        }

        return UtcTicks(storedModifiedUtc) != UtcTicks(modifiedUtc);
    }

    /// <summary>A time's UTC ticks; an unspecified kind is taken as UTC.</summary>
    public static long UtcTicks(DateTime t) => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks;

    /// <summary>
    /// Whether the file (this size, mtime and, when known, content hash) must be (re-)analysed by
    /// <paramref name="modelId"/> at <paramref name="featureVersion"/>: not catalogued, changed, or without that
    /// analysis. Same answer as <see cref="IScanRepository.NeedsAnalysis"/>.
    /// </summary>
    public bool NeedsAnalysis(long sizeBytes, DateTime modifiedUtc, string? contentHash, string modelId, int featureVersion)
    {
        if (Track is not { } t)
        {
            return true;
        }

        return IsChanged(t.SizeBytes, t.ModifiedUtc, t.ContentHash, sizeBytes, modifiedUtc, contentHash)
            || !AnalysisSets.Contains((modelId, featureVersion));
    }

    /// <summary>
    /// Whether the file with this size and mtime is a known failure for the model: a recorded failure with the same
    /// size and mtime that is model-independent or of that model and version. Same answer as
    /// <see cref="IScanRepository.IsKnownScanFailure"/>.
    /// </summary>
    public bool IsKnownFailure(long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion) =>
        Failure is { } f
        && f.SizeBytes == sizeBytes
        && UtcTicks(f.ModifiedUtc) == UtcTicks(modifiedUtc)
        && (f.ModelId is null || (f.ModelId == modelId && f.FeatureVersion == featureVersion));
}
