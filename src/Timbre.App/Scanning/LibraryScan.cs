using Timbre.App.Analysis;
using Timbre.App.Space;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage.Hashing;

namespace Timbre.App.Scanning;

/// <summary>What one library scan did: the scanner's report and, when refitted, the catalog's new embedding space.</summary>
/// <param name="Analyzers">The analyzers the models resolved to, in order.</param>
/// <param name="Report">The scanner's report.</param>
/// <param name="Space">The refitted space, or null (not asked, interrupted, or too few tracks).</param>
public sealed record LibraryScanResult(IReadOnlyList<ITrackAnalyzer> Analyzers, ScanReport Report, EmbeddingSpaceRecord? Space);

/// <summary>
/// The scan journey, once for <c>timbre scan</c> and <c>timbre demo</c>: models → analyzers (one resolver), scan the
/// folder with <see cref="FileAnalyzer"/> and Storage's content hash, then refit the catalog's embedding space (the
/// stored space's sets and options, else a default space over the scanned sets) unless interrupted or told not to.
/// </summary>
/// <param name="resolver">Turns model names into analyzers.</param>
/// <param name="decoder">Decodes and probes the audio files.</param>
public sealed class LibraryScan(AnalyzerResolver resolver, IAudioDecoder decoder)
{
    /// <summary>Scans with the analyzers named by <paramref name="models"/>.</summary>
    public LibraryScanResult Run(ICatalogStore store, ScanOptions options, IReadOnlyList<string> models, bool fitSpace, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Run(store, options, resolver.ResolveAll(models), fitSpace, progress, cancellationToken);
    }

    /// <summary>Scans with <paramref name="analyzers"/> already resolved.</summary>
    public LibraryScanResult Run(ICatalogStore store, ScanOptions options, IReadOnlyList<ITrackAnalyzer> analyzers, bool fitSpace, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analyzers);
        var scanner = new LibraryScanner(store, new FileAnalyzer(decoder), analyzers, ContentHasher.Compute);
        var report = scanner.Scan(options, progress, cancellationToken);
        var space = fitSpace && !report.Cancelled
            ? SpaceFitting.RefitAfterScan(store, [.. analyzers.Select(a => (a.ModelId, a.FeatureVersion))])
            : null;
        return new LibraryScanResult(analyzers, report, space);
    }
}
