using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Scanning;

/// <summary>Settings of one library scan. Call <see cref="Validate"/> (the scanner does) before use.</summary>
public sealed record ScanOptions
{
    /// <summary>Largest allowed <see cref="Workers"/>.</summary>
    public const int MaxWorkers = 256;

    /// <summary>Largest allowed <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Audio file extensions scanned by default (compared case-insensitively).</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } =
        [".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a", ".aac", ".wma", ".aiff", ".aif"];

    /// <summary>The library folder, scanned recursively. Required.</summary>
    public required string Root { get; init; }

    /// <summary>File extensions to scan, each with its leading dot. Default <see cref="DefaultExtensions"/>.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = DefaultExtensions;

    /// <summary>Parallel decode + analyse workers (1 to <see cref="MaxWorkers"/>). Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Analyses committed per catalog transaction (1 to <see cref="MaxBatchSize"/>). Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Delete tracks marked missing (with their analyses and interactions), and forget recorded failures of files
    /// under the root that no longer exist, at the end of the scan. Default false.
    /// </summary>
    public bool Prune { get; init; }

    /// <summary>
    /// Follow symbolic links to files and directories (with cycle detection). Default false: symlinked entries are
    /// skipped, so a file linked twice is catalogued once.
    /// </summary>
    public bool FollowSymlinks { get; init; }

    /// <summary>
    /// Before scanning, delete every analysis not made by the scanner's analyzer (other model or feature version).
    /// Default false: older analyses are kept; tracks are re-analysed by the current analyzer either way.
    /// </summary>
    public bool DeleteOtherAnalyses { get; init; }

    /// <summary>
    /// Decode again the files recorded as failures by earlier scans even when unchanged (same size and mtime).
    /// Default false: an unchanged known failure is skipped without decoding and counted in
    /// <see cref="ScanReport.KnownFailures"/>; a changed one is always retried.
    /// </summary>
    public bool RetryFailed { get; init; }

    /// <summary>
    /// Scan only these files (full paths under <see cref="Root"/>) instead of walking the folder: a partial scan, as a
    /// cluster batch runs (Timbre.Cluster). Files that are gone are skipped; tracks not listed are never marked missing
    /// and nothing is pruned, so several partial scans of one library may run at once. Default null (walk the root).
    /// </summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>
    /// At the start, record as failures the files a dead process of this machine left marked in progress. Default
    /// true. A cluster batch sets false: the marks carry process ids, which mean nothing on another machine.
    /// </summary>
    public bool RecoverAbandoned { get; init; } = true;

    /// <summary>How much of each track is decoded and analysed. Default <see cref="AnalysisWindowOptions.Default"/>
    /// (whole tracks up to 10 minutes, longer ones as excerpts summing to 10 minutes).</summary>
    public AnalysisWindowOptions AnalysisWindow { get; init; } = AnalysisWindowOptions.Default;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new InvalidOptionsException("Scan root must be a folder path.");
        }

        if (Workers < 1 || Workers > MaxWorkers)
        {
            throw new InvalidOptionsException($"Scan workers must be 1–{MaxWorkers}, got {Workers}.");
        }

        if (BatchSize < 1 || BatchSize > MaxBatchSize)
        {
            throw new InvalidOptionsException($"Scan batch size must be 1–{MaxBatchSize}, got {BatchSize}.");
        }

        if (Files is not null && Prune)
        {
            throw new InvalidOptionsException("A scan of listed files cannot prune: it does not see the whole library.");
        }

        if (Extensions is null || Extensions.Count == 0)
        {
            throw new InvalidOptionsException("Scan needs at least one file extension.");
        }

        foreach (var e in Extensions)
        {
            if (string.IsNullOrWhiteSpace(e) || e[0] != '.' || e.Length < 2)
            {
                throw new InvalidOptionsException($"Scan extension '{e}' must start with a dot, e.g. '.flac'.");
            }
        }
    }
}
