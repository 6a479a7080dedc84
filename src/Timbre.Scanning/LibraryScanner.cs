using Timbre.Core.Analysis;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Scanning.Pipeline;

namespace Timbre.Scanning;

/// <summary>
/// Scans a music folder into the catalog, incrementally and in parallel, as walker → workers → one writer:
/// <list type="number">
/// <item>the walker (<see cref="LibraryWalker"/> + <see cref="ChangeFilter"/>) streams the files and asks the catalog
/// ONCE per file what it holds (<see cref="IScanRepository.FindStoredFile"/>); the answer (size + mtime, analysis sets,
/// recorded failure) decides which analyzers the file needs and travels with it;</item>
/// <item><see cref="ScanOptions.Workers"/> workers (<see cref="AnalysisWorker"/>), fed through a bounded channel, hash
/// the file (when a hasher is given: an mtime-only change with the same hash is not re-analysed, decided against the
/// walker's answer, without reading the store again) and analyse it with <see cref="IFileAnalyzer"/> (probe, decode
/// once per sample rate, analyse, tags);</item>
/// <item>ONE writer (<see cref="CatalogWriter"/>, on the calling thread, given the scan id explicitly) commits
/// analyses in batches of <see cref="ScanOptions.BatchSize"/>, each in one transaction
/// (<see cref="IAnalysisRepository.SaveAnalysesBatch"/>), marks unchanged files seen, and at the end marks tracks not seen
/// as missing (and prunes them with <see cref="ScanOptions.Prune"/>).</item>
/// </list>
/// A file that cannot be decoded or analysed is reported (<see cref="ScanEventKind.FileFailed"/>), skipped and
/// recorded (<see cref="IScanRepository.RecordScanFailures"/>, in batches like the analyses); it is not catalogued, and a
/// catalogued file that now fails is marked missing. Later scans skip a recorded failure without decoding it while its
/// size and mtime are unchanged (<see cref="ScanReport.KnownFailures"/>; <see cref="ScanOptions.RetryFailed"/> retries
/// them); a file that is then analysed has its failure cleared in the same transaction.
/// Poison files: before a worker decodes a file it commits an in-progress mark for it
/// (<see cref="IAnalysisRepository.MarkAnalysisStarted"/>, one small transaction that also drops the worker's previous mark);
/// the transaction committing the file's analysis or failure clears it. A scan that dies on a file (crash, out of
/// memory, kill -9) leaves that mark, and the next scan first records every mark of a process that is gone as a
/// failure (<see cref="AbandonedReason"/>, <see cref="ScanReport.AbandonedFailures"/>), so the file is skipped while
/// unchanged and the scan goes on. Cancellation stops the pipeline, lets a
/// commit in progress finish, drops the uncommitted partial batch and marks nothing missing: the catalog holds whole
/// batches only, and the next scan resumes where this one stopped. Memory is bounded by the channel capacities and
/// one batch, whatever the library size. Catalog calls are serialised by a lock, so one store instance is enough;
/// workers only write their in-progress marks, they never read the store.
/// </summary>
public sealed class LibraryScanner
{
    private readonly ICatalogStore _store;
    private readonly IFileAnalyzer _files;
    private readonly IReadOnlyList<ITrackAnalyzer> _analyzers;
    private readonly Func<string, string>? _contentHasher;

    /// <summary>The failure reason recorded for a file whose analysis a previous scan never finished.</summary>
    public const string AbandonedReason = "the previous scan stopped while analysing this file (crash, out of memory or killed)";

    /// <summary>Creates a scanner that analyses every file with each of <paramref name="analyzers"/> in one pass.</summary>
    /// <param name="store">The catalog; the scanner serialises its calls, and nobody else may write to it meanwhile.</param>
    /// <param name="files">Probes, decodes, analyses and tags one file (Timbre.App's <c>FileAnalyzer</c>).</param>
    /// <param name="analyzers">One or more analyzers of distinct model id and feature version; each is called from several workers at once.</param>
    /// <param name="contentHasher">
    /// The catalog's content-hash function (e.g. Storage's <c>ContentHasher.Compute</c>), or null to detect changes
    /// by size and mtime alone. With it, hashes are stored with each track and a touched-but-identical file is
    /// re-stamped instead of re-analysed.
    /// </param>
    public LibraryScanner(ICatalogStore store, IFileAnalyzer files, IReadOnlyList<ITrackAnalyzer> analyzers, Func<string, string>? contentHasher = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _files = files ?? throw new ArgumentNullException(nameof(files));
        ArgumentNullException.ThrowIfNull(analyzers);
        if (analyzers.Count == 0)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        foreach (var analyzer in analyzers)
        {
            ArgumentNullException.ThrowIfNull(analyzer, nameof(analyzers));
            ArgumentException.ThrowIfNullOrWhiteSpace(analyzer.ModelId, nameof(analyzers));
            if (analyzer.SampleRate < 1)
            {
                throw new ArgumentException($"Analyzer {analyzer.ModelId} has sample rate {analyzer.SampleRate}.", nameof(analyzers));
            }
        }

        if (analyzers.DistinctBy(a => (a.ModelId, a.FeatureVersion)).Count() != analyzers.Count)
        {
            throw new ArgumentException("Two analyzers have the same model id and feature version.", nameof(analyzers));
        }

        _analyzers = [.. analyzers];
        _contentHasher = contentHasher;
    }

    /// <summary>Creates a scanner with one analyzer.</summary>
    public LibraryScanner(ICatalogStore store, IFileAnalyzer files, ITrackAnalyzer analyzer, Func<string, string>? contentHasher = null)
        : this(store, files, [analyzer ?? throw new ArgumentNullException(nameof(analyzer))], contentHasher)
    {
    }

    /// <summary>Runs a scan to completion or cancellation; see the class summary. Blocks the calling thread.</summary>
    /// <exception cref="InvalidOptionsException">An option is out of range.</exception>
    /// <exception cref="TimbreException">The library folder does not exist.</exception>
    /// <exception cref="CatalogException">The catalog failed (the scan stops; committed batches stay).</exception>
    public ScanReport Scan(ScanOptions options, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ScanAsync(options, progress, cancellationToken).GetAwaiter().GetResult();

    /// <summary>As <see cref="Scan"/>, asynchronously. Progress is reported from one flow at a time, in order.</summary>
    public async Task<ScanReport> ScanAsync(ScanOptions options, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Root));
        if (!Directory.Exists(root))
        {
            throw new TimbreException($"Library folder {root} does not exist.");
        }

        var scan = new ScanContext(_store, _files, _analyzers, _contentHasher, options, root);
        return await new ScanRun(scan, progress, cancellationToken).RunAsync().ConfigureAwait(false);
    }
}
