using Timbre.Core.Catalog;

namespace Timbre.Scanning.Pipeline;

/// <summary>What the enumerator or a worker hands to the single catalog writer for one file.</summary>
internal abstract record ScanOutcome(string Path)
{
    /// <summary>Stored analysis still valid (same size and mtime): only mark it seen.</summary>
    public sealed record Unchanged(string FilePath) : ScanOutcome(FilePath);

    /// <summary>The mtime changed but the content hash did not: re-stamp <paramref name="Stored"/>, keep its analyses.</summary>
    public sealed record Touched(FoundFile File, string ContentHash, TrackRecord Stored) : ScanOutcome(File.Path);

    /// <summary>
    /// Decoded once and analysed by each analyzer that needed it; to be committed in the next batch. With several
    /// analyzers, one may have failed while others succeeded: <paramref name="PartialFailure"/> (model-specific).
    /// </summary>
    public sealed record Analysed(TrackRecord Track, IReadOnlyList<AnalysisRecord> Analyses, double AudioSeconds, Failed? PartialFailure = null) : ScanOutcome(Track.Path);

    /// <summary>
    /// Could not be decoded or analysed; reported, recorded in the catalog and skipped. <paramref name="ModelSpecific"/>
    /// is false when the file did not decode (a failure for every model).
    /// </summary>
    public sealed record Failed(ScanFailure Failure, FoundFile File, bool ModelSpecific, string? ModelId = null, int FeatureVersion = 0) : ScanOutcome(Failure.Path);

    /// <summary>Recorded as a failure by an earlier scan and unchanged since: skipped without decoding.</summary>
    public sealed record KnownFailure(string FilePath) : ScanOutcome(FilePath);
}
