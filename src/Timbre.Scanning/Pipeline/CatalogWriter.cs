using System.Diagnostics;
using Timbre.Core.Catalog;

namespace Timbre.Scanning.Pipeline;

/// <summary>
/// The scan's one writer: takes each file's outcome in order, commits analyses, failures and "seen" marks in batches
/// under scan <c>scanId</c> (given, never guessed by the store), reports progress, and closes the scan (missing,
/// pruning, finish). Runs on one flow only.
/// </summary>
internal sealed class CatalogWriter
{
    private readonly ScanContext _scan;
    private readonly long _scanId;
    private readonly IProgress<ScanProgress>? _progress;
    private readonly CancellationToken _userToken;
    private readonly Stopwatch _clock;
    private readonly List<(TrackRecord, AnalysisRecord)> _pending;
    private readonly List<string> _seen;
    private readonly List<ScanFailure> _failures = [];
    private readonly List<ScanFailureRecord> _pendingFailures = [];
    private int _pendingFiles;
    private long _processed, _analysed, _failed;

    public CatalogWriter(ScanContext scan, long scanId, IProgress<ScanProgress>? progress, Stopwatch clock, CancellationToken userToken)
    {
        _scan = scan;
        _scanId = scanId;
        _progress = progress;
        _clock = clock;
        _userToken = userToken;
        _pending = new List<(TrackRecord, AnalysisRecord)>(scan.Options.BatchSize);
        _seen = new List<string>(scan.Options.BatchSize);
    }

    public long Committed { get; private set; }

    public long Unchanged { get; private set; }

    public long Touched { get; private set; }

    public long Failed => _failed;

    public long KnownFailures { get; private set; }

    public long Batches { get; private set; }

    public double AudioSeconds { get; private set; }

    /// <summary>The first <see cref="ScanReport.MaxListedFailures"/> failures.</summary>
    public IReadOnlyList<ScanFailure> Failures => _failures;

    public void Handle(ScanOutcome outcome)
    {
        _processed++;
        switch (outcome)
        {
            case ScanOutcome.Unchanged u:
                Unchanged++;
                _seen.Add(u.FilePath);
                if (_seen.Count >= _scan.Options.BatchSize)
                {
                    FlushSeen();
                }

                Report(ScanEventKind.FileDone, null);
                break;

            case ScanOutcome.Touched t:
                _scan.Store(s => s.UpsertTrack(t.Stored with { SizeBytes = t.File.SizeBytes, ModifiedUtc = t.File.ModifiedUtc, ContentHash = t.ContentHash }, _scanId));
                Unchanged++;
                Touched++;
                Report(ScanEventKind.FileDone, null);
                break;

            case ScanOutcome.Analysed a:
                foreach (var analysis in a.Analyses)
                {
                    _pending.Add((a.Track, analysis));
                }

                _pendingFiles++;
                _analysed++;
                AudioSeconds += a.AudioSeconds;
                if (a.PartialFailure is { } partial)
                {
                    Fail(partial);
                }
                else
                {
                    Report(ScanEventKind.FileDone, null);
                }

                if (_pendingFiles >= _scan.Options.BatchSize)
                {
                    Commit();
                }

                break;

            case ScanOutcome.Failed f:
                Fail(f);
                break;

            case ScanOutcome.KnownFailure:
                KnownFailures++;
                Report(ScanEventKind.FileDone, null);
                break;
        }
    }

    /// <summary>Commits what is pending; then, unless cancelled, marks unseen tracks missing, prunes and finishes the scan.</summary>
    public (long Missing, long Pruned, long PrunedFailures) Finish()
    {
        _userToken.ThrowIfCancellationRequested();
        Commit();
        FlushFailures();
        FlushSeen();
        _userToken.ThrowIfCancellationRequested();
        if (_scan.Options.Files is not null)
        {
            // A scan of listed files does not see the library: nothing is missing as far as it knows.
            _scan.Store(s => s.FinishScan(_scanId));
            return (0, 0, 0);
        }

        return _scan.Store(s =>
        {
            long missing = s.MarkMissingNotSeen(_scanId, _scan.Root);
            long pruned = _scan.Options.Prune ? s.PruneMissing() : 0;
            long prunedFailures = _scan.Options.Prune ? PruneGoneFailures(s) : 0;
            s.FinishScan(_scanId);
            return (missing, pruned, prunedFailures);
        });
    }

    public void Report(ScanEventKind kind, ScanFailure? failure) =>
        _progress?.Report(new ScanProgress(
            kind,
            _scan.Found,
            _scan.EnumerationDone,
            _processed,
            _analysed,
            Committed,
            Unchanged,
            _failed,
            _clock.Elapsed,
            failure,
            KnownFailures));

    private void Fail(ScanOutcome.Failed f)
    {
        _failed++;
        if (_failures.Count < ScanReport.MaxListedFailures)
        {
            _failures.Add(f.Failure);
        }

        var first = _scan.Analyzers[0];
        _pendingFailures.Add(new ScanFailureRecord
        {
            Path = f.File.Path,
            SizeBytes = f.File.SizeBytes,
            ModifiedUtc = f.File.ModifiedUtc,
            Reason = f.Failure.Reason,
            ModelId = f.ModelSpecific ? f.ModelId ?? first.ModelId : null,
            FeatureVersion = f.ModelSpecific ? (f.ModelId is null ? first.FeatureVersion : f.FeatureVersion) : 0,
        });
        Report(ScanEventKind.FileFailed, f.Failure);
        if (_pendingFailures.Count >= _scan.Options.BatchSize)
        {
            FlushFailures();
        }
    }

    /// <summary>Commits the pending analyses in one transaction; never starts a commit once cancelled.</summary>
    private void Commit()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _userToken.ThrowIfCancellationRequested();
        _scan.Store(s => s.SaveAnalysesBatch(_pending, _scanId));
        Committed += _pendingFiles;
        Batches++;
        _pending.Clear();
        _pendingFiles = 0;
        Report(ScanEventKind.BatchCommitted, null);
    }

    /// <summary>Records the pending failures in one transaction; like <see cref="Commit"/>, never once cancelled.</summary>
    private void FlushFailures()
    {
        if (_pendingFailures.Count == 0)
        {
            return;
        }

        _userToken.ThrowIfCancellationRequested();
        _scan.Store(s => s.RecordScanFailures(_pendingFailures));
        _pendingFailures.Clear();
    }

    private void FlushSeen()
    {
        if (_seen.Count == 0)
        {
            return;
        }

        _scan.Store(s => s.MarkSeen(_scanId, _seen));
        _seen.Clear();
    }

    /// <summary>Forgets recorded failures of files under the root that no longer exist (caller holds the lock).</summary>
    private long PruneGoneFailures(ICatalogStore store)
    {
        var root = _scan.Root;
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var gone = store.ListScanFailures()
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && !File.Exists(f.Path))
            .Select(f => f.Path)
            .ToList();
        return gone.Count == 0 ? 0 : store.ClearScanFailures(gone);
    }
}
