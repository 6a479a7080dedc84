using System.Diagnostics;
using System.Threading.Channels;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.Scanning;

/// <summary>
/// Scans a music folder into the catalog, incrementally and in parallel:
/// <list type="number">
/// <item>one enumerator streams the files (<see cref="LibraryWalker"/>) and asks the catalog
/// (<see cref="IScanRepository.NeedsAnalysis"/>, size + mtime only) whether each needs analysis;</item>
/// <item><see cref="ScanOptions.Workers"/> workers, fed through a bounded channel, hash the file (when a hasher is
/// given: an mtime-only change with the same hash is not re-analysed), probe its tags, decode it at the analyzer's
/// rate and analyse it;</item>
/// <item>ONE writer (the calling thread) commits analyses in batches of <see cref="ScanOptions.BatchSize"/>, each in
/// one transaction (<see cref="IAnalysisRepository.SaveAnalysesBatch"/>), marks unchanged files seen, and at the end marks
/// tracks not seen as missing (and prunes them with <see cref="ScanOptions.Prune"/>).</item>
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
/// one batch, whatever the library size. Catalog calls are serialised by a lock, so one store instance is enough.
/// </summary>
public sealed class LibraryScanner
{
    private readonly ICatalogStore _store;
    private readonly IAudioDecoder _decoder;
    private readonly ITrackAnalyzer _analyzer;
    private readonly IReadOnlyList<ITrackAnalyzer> _analyzers;
    private readonly Func<string, string>? _contentHasher;
    private readonly Lock _storeLock = new();

    /// <summary>The failure reason recorded for a file whose analysis a previous scan never finished.</summary>
    public const string AbandonedReason = "the previous scan stopped while analysing this file (crash, out of memory or killed)";

    /// <summary>Creates a scanner writing to <paramref name="store"/>.</summary>
    /// <param name="store">The catalog; the scanner serialises its calls, and nobody else may write to it meanwhile.</param>
    /// <param name="decoder">Decodes and probes audio files.</param>
    /// <param name="analyzer">Computes the stored vectors; called from several workers at once.</param>
    /// <param name="contentHasher">
    /// The catalog's content-hash function (e.g. Storage's <c>ContentHasher.Compute</c>), or null to detect changes
    /// by size and mtime alone. With it, hashes are stored with each track and a touched-but-identical file is
    /// re-stamped instead of re-analysed.
    /// </param>
    public LibraryScanner(ICatalogStore store, IAudioDecoder decoder, ITrackAnalyzer analyzer, Func<string, string>? contentHasher = null)
        : this(store, decoder, [analyzer ?? throw new ArgumentNullException(nameof(analyzer))], contentHasher)
    {
    }

    /// <summary>Creates a scanner that analyses every file with each of <paramref name="analyzers"/> in one pass.</summary>
    /// <param name="store">The catalog; the scanner serialises its calls, and nobody else may write to it meanwhile.</param>
    /// <param name="decoder">Decodes and probes audio files.</param>
    /// <param name="analyzers">One or more analyzers of distinct model id and feature version; each is called from several workers at once.</param>
    /// <param name="contentHasher">As in the single-analyzer constructor.</param>
    public LibraryScanner(ICatalogStore store, IAudioDecoder decoder, IReadOnlyList<ITrackAnalyzer> analyzers, Func<string, string>? contentHasher = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
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
        _analyzer = _analyzers[0];
        _contentHasher = contentHasher;
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

        var run = new ScanRun(this, options, root, progress, cancellationToken);
        return await run.RunAsync().ConfigureAwait(false);
    }

    /// <summary>A file to analyse and the analyzers whose analysis it needs.</summary>
    private sealed record WorkItem(FoundFile File, IReadOnlyList<ITrackAnalyzer> Analyzers);

    /// <summary>State of one scan: counters, channels and the writer's pending batch.</summary>
    private sealed class ScanRun
    {
        private readonly LibraryScanner _s;
        private readonly ScanOptions _options;
        private readonly string _root;
        private readonly IProgress<ScanProgress>? _progress;
        private readonly CancellationToken _userToken;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TrackRecord, AnalysisRecord)> _pending;
        private readonly List<string> _seen;
        private readonly List<ScanFailure> _failures = [];
        private readonly List<ScanFailureRecord> _pendingFailures = [];
        private long _scanId;
        private long _abandoned;
        private long _found;
        private int _enumerationDone;
        private int _pendingFiles;
        private long _processed, _analysed, _committed, _unchanged, _touched, _failed, _knownFailures, _batches;
        private double _audioSeconds;

        public ScanRun(LibraryScanner scanner, ScanOptions options, string root, IProgress<ScanProgress>? progress, CancellationToken token)
        {
            _s = scanner;
            _options = options;
            _root = root;
            _progress = progress;
            _userToken = token;
            _pending = new List<(TrackRecord, AnalysisRecord)>(options.BatchSize);
            _seen = new List<string>(options.BatchSize);
        }

        public async Task<ScanReport> RunAsync()
        {
            _userToken.ThrowIfCancellationRequested();
            long deletedOther = 0;
            lock (_s._storeLock)
            {
                if (_options.DeleteOtherAnalyses && _s._analyzers.Count > 1)
                {
                    throw new InvalidOptionsException("Deleting other analyses keeps one model's; it cannot be combined with several analyzers.");
                }

                if (_options.DeleteOtherAnalyses)
                {
                    deletedOther = _s._store.DeleteAnalysesExcept(_s._analyzer.ModelId, _s._analyzer.FeatureVersion);
                }

                _abandoned = RecordAbandonedAnalyses();
                _scanId = _s._store.BeginScan(_root);
            }

            // The pipeline token also fires when the writer fails, so blocked producers and workers always wake up.
            using var pipeline = CancellationTokenSource.CreateLinkedTokenSource(_userToken);
            var token = pipeline.Token;
            var work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(_options.Workers * 2)
            {
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var results = Channel.CreateBounded<ScanOutcome>(new BoundedChannelOptions(Math.Max(_options.BatchSize, _options.Workers * 2))
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });

            var tasks = new List<Task> { Task.Run(() => ProduceAsync(work.Writer, results.Writer, token), CancellationToken.None) };
            for (var i = 0; i < _options.Workers; i++)
            {
                var worker = i;
                tasks.Add(Task.Run(() => WorkAsync(worker, work.Reader, results.Writer, token), CancellationToken.None));
            }

            var all = Task.WhenAll(tasks);
            _ = all.ContinueWith(
                t => results.Writer.TryComplete(t.IsFaulted ? FirstRealError(t.Exception!) : null),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            var cancelled = false;
            long missing = 0, pruned = 0, prunedFailures = 0;
            try
            {
                await foreach (var outcome in results.Reader.ReadAllAsync(token).ConfigureAwait(false))
                {
                    Handle(outcome);
                }

                _userToken.ThrowIfCancellationRequested();
                Commit();
                FlushFailures();
                FlushSeen();
                _userToken.ThrowIfCancellationRequested();
                lock (_s._storeLock)
                {
                    missing = _s._store.MarkMissingNotSeen(_scanId, _root);
                    pruned = _options.Prune ? _s._store.PruneMissing() : 0;
                    prunedFailures = _options.Prune ? PruneGoneFailures() : 0;
                    _s._store.FinishScan(_scanId);
                }
            }
            catch (OperationCanceledException) when (_userToken.IsCancellationRequested)
            {
                cancelled = true;
            }
            finally
            {
                // Stop and wait for every worker, so none touches the store after the scan returns.
                await pipeline.CancelAsync().ConfigureAwait(false);
                try
                {
                    await all.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Already surfaced through the results channel, or a consequence of the cancellation above.
                }

                ClearOwnMarks();
            }

            Report(ScanEventKind.Finished, null);
            return new ScanReport
            {
                Seen = Interlocked.Read(ref _found),
                Analysed = _committed,
                SkippedUnchanged = _unchanged,
                Touched = _touched,
                FailedCount = _failed,
                KnownFailures = _knownFailures,
                AbandonedFailures = _abandoned,
                Failures = _failures,
                Missing = missing,
                Pruned = pruned,
                PrunedFailures = prunedFailures,
                DeletedOtherAnalyses = deletedOther,
                BatchesCommitted = _batches,
                AudioSeconds = _audioSeconds,
                Elapsed = _clock.Elapsed,
                Cancelled = cancelled,
            };
        }

        private static Exception? FirstRealError(AggregateException e)
        {
            foreach (var inner in e.Flatten().InnerExceptions)
            {
                if (inner is not OperationCanceledException)
                {
                    return inner;
                }
            }

            return null;
        }

        private async Task ProduceAsync(ChannelWriter<WorkItem> work, ChannelWriter<ScanOutcome> results, CancellationToken token)
        {
            try
            {
                foreach (var file in LibraryWalker.Walk(_root, _options.Extensions, _options.FollowSymlinks, token))
                {
                    Interlocked.Increment(ref _found);
                    List<ITrackAnalyzer> needing;
                    lock (_s._storeLock)
                    {
                        needing = [.. _s._analyzers.Where(a => _s._store.NeedsAnalysis(file.Path, file.SizeBytes, file.ModifiedUtc, null, a.ModelId, a.FeatureVersion))];
                    }

                    if (needing.Count > 0 && !_options.RetryFailed)
                    {
                        lock (_s._storeLock)
                        {
                            needing = [.. needing.Where(a => !_s._store.IsKnownScanFailure(file.Path, file.SizeBytes, file.ModifiedUtc, a.ModelId, a.FeatureVersion))];
                        }

                        if (needing.Count == 0)
                        {
                            await results.WriteAsync(new ScanOutcome.KnownFailure(file.Path), token).ConfigureAwait(false);
                            continue;
                        }
                    }

                    if (needing.Count > 0)
                    {
                        await work.WriteAsync(new WorkItem(file, needing), token).ConfigureAwait(false);
                    }
                    else
                    {
                        await results.WriteAsync(new ScanOutcome.Unchanged(file.Path), token).ConfigureAwait(false);
                    }
                }

                Volatile.Write(ref _enumerationDone, 1);
            }
            finally
            {
                work.TryComplete();
            }
        }

        private async Task WorkAsync(int worker, ChannelReader<WorkItem> work, ChannelWriter<ScanOutcome> results, CancellationToken token)
        {
            await foreach (var item in work.ReadAllAsync(token).ConfigureAwait(false))
            {
                var outcome = Process(worker, item, token);
                await results.WriteAsync(outcome, token).ConfigureAwait(false);
            }
        }

        private ScanOutcome Process(int worker, WorkItem item, CancellationToken token)
        {
            var file = item.File;
            var analyzers = item.Analyzers;
            try
            {
                string? hash = null;
                if (_s._contentHasher is { } hasher)
                {
                    hash = hasher(file.Path);
                    lock (_s._storeLock)
                    {
                        analyzers = [.. analyzers.Where(a => _s._store.NeedsAnalysis(file.Path, file.SizeBytes, file.ModifiedUtc, hash, a.ModelId, a.FeatureVersion))];
                    }

                    if (analyzers.Count == 0)
                    {
                        return new ScanOutcome.Touched(file, hash);
                    }
                }

                MarkInProgress(worker, file);
                return Analyse(file, hash, analyzers, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (AudioDecodingException e)
            {
                return new ScanOutcome.Failed(new ScanFailure(file.Path, e.Reason), file, ModelSpecific: false);
            }
            catch (CatalogException)
            {
                throw;
            }
            catch (Exception e)
            {
                // A bad file must never stop the scan: anything else going wrong with this one file is its failure.
                return new ScanOutcome.Failed(new ScanFailure(file.Path, Reason(e)), file, ModelSpecific: true, analyzers[0].ModelId, analyzers[0].FeatureVersion);
            }
        }

        /// <summary>
        /// Probes once, decodes once per distinct sample rate and runs each analyzer; an analyzer that throws fails
        /// the file for its model only (the first such failure is recorded; the others are retried next scan).
        /// </summary>
        private ScanOutcome Analyse(FoundFile file, string? hash, IReadOnlyList<ITrackAnalyzer> analyzers, CancellationToken token)
        {
            var info = _s._decoder.Probe(file.Path, token);
            var records = new List<AnalysisRecord>(analyzers.Count);
            ScanOutcome.Failed? failure = null;
            var seconds = 0.0;
            foreach (var rate in analyzers.Select(a => a.SampleRate).Distinct())
            {
                var audio = _s._decoder.DecodeWindow(info, rate, _options.AnalysisWindow, token);
                seconds = Math.Max(seconds, audio.DurationSeconds);
                foreach (var analyzer in analyzers.Where(a => a.SampleRate == rate))
                {
                    try
                    {
                        var result = analyzer.Analyze(audio, token);
                        Check(result, analyzer);
                        records.Add(FileAnalysis.RecordOf(analyzer, result));
                    }
                    catch (Exception e) when (e is not OperationCanceledException && e is not CatalogException)
                    {
                        failure ??= new ScanOutcome.Failed(new ScanFailure(file.Path, Reason(e)), file, ModelSpecific: true, analyzer.ModelId, analyzer.FeatureVersion);
                    }
                }
            }

            if (records.Count == 0)
            {
                return failure!;
            }

            var duration = Math.Max(info.DurationSeconds, seconds);
            var track = TrackTags.ToTrack(file, info, duration, hash);
            return new ScanOutcome.Analysed(track, records, duration, failure);
        }

        private static string Reason(Exception e) => e is TimbreException ? e.Message : $"{e.GetType().Name}: {e.Message}";

        /// <summary>Commits "worker is analysing this file" before the first byte is decoded (see the class summary).</summary>
        private void MarkInProgress(int worker, FoundFile file)
        {
            var mark = new AnalysisInProgressRecord
            {
                Path = file.Path,
                SizeBytes = file.SizeBytes,
                ModifiedUtc = file.ModifiedUtc,
                ScanId = _scanId,
                Worker = worker,
                ProcessId = Environment.ProcessId,
            };
            lock (_s._storeLock)
            {
                _s._store.MarkAnalysisStarted(mark);
            }
        }

        /// <summary>
        /// Records the files a dead scan left marked as failures (caller holds the lock). Marks of a live process
        /// (another scan of this catalog, or one in this process) are left alone.
        /// </summary>
        private long RecordAbandonedAnalyses()
        {
            var dead = _s._store.ListAnalysesInProgress()
                .Where(m => m.ProcessId != Environment.ProcessId && !ProcessIsRunning(m.ProcessId))
                .Select(m => m.Path)
                .ToList();
            return dead.Count == 0 ? 0 : _s._store.FailAnalysesInProgress(dead, AbandonedReason).Count;
        }

        private static bool ProcessIsRunning(int processId)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(processId);
                return !process.HasExited;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>Drops the marks this scan still holds (files cancelled mid-analysis); they were not poison.</summary>
        private void ClearOwnMarks()
        {
            if (_scanId == 0)
            {
                return;
            }

            try
            {
                lock (_s._storeLock)
                {
                    _s._store.ClearAnalysesInProgress(_scanId);
                }
            }
            catch (CatalogException)
            {
                // The store already failed (that error is what the scan reports); a mark left here costs one retry.
            }
        }

        private static void Check(TrackAnalysis result, ITrackAnalyzer analyzer)
        {
            if (result.Embedding is null || result.Embedding.Length == 0)
            {
                throw new AnalysisException($"analyzer {analyzer.ModelId} returned an empty embedding");
            }

            if (result.GenreProbabilities is null || result.GenreProbabilities.Length != analyzer.GenreLabels.Count)
            {
                throw new AnalysisException($"analyzer {analyzer.ModelId} returned {result.GenreProbabilities?.Length ?? 0} genre probabilities for {analyzer.GenreLabels.Count} labels");
            }

            if (!AllFinite(result.Embedding) || !AllFinite(result.GenreProbabilities) || !AllFinite(result.SummaryFeatures ?? []))
            {
                throw new AnalysisException($"analyzer {analyzer.ModelId} produced non-finite values");
            }
        }

        private static bool AllFinite(float[] values)
        {
            foreach (var v in values)
            {
                if (!float.IsFinite(v))
                {
                    return false;
                }
            }

            return true;
        }

        private void Handle(ScanOutcome outcome)
        {
            _processed++;
            switch (outcome)
            {
                case ScanOutcome.Unchanged u:
                    _unchanged++;
                    _seen.Add(u.FilePath);
                    if (_seen.Count >= _options.BatchSize)
                    {
                        FlushSeen();
                    }

                    Report(ScanEventKind.FileDone, null);
                    break;

                case ScanOutcome.Touched t:
                    lock (_s._storeLock)
                    {
                        if (_s._store.FindTrackByPath(t.File.Path) is { } stored)
                        {
                            _s._store.UpsertTrack(stored with { SizeBytes = t.File.SizeBytes, ModifiedUtc = t.File.ModifiedUtc, ContentHash = t.ContentHash });
                        }
                    }

                    _unchanged++;
                    _touched++;
                    Report(ScanEventKind.FileDone, null);
                    break;

                case ScanOutcome.Analysed a:
                    foreach (var analysis in a.Analyses)
                    {
                        _pending.Add((a.Track, analysis));
                    }

                    _pendingFiles++;
                    _analysed++;
                    _audioSeconds += a.AudioSeconds;
                    if (a.PartialFailure is { } partial)
                    {
                        Fail(partial);
                    }
                    else
                    {
                        Report(ScanEventKind.FileDone, null);
                    }

                    if (_pendingFiles >= _options.BatchSize)
                    {
                        Commit();
                    }

                    break;

                case ScanOutcome.Failed f:
                    Fail(f);
                    break;

                case ScanOutcome.KnownFailure:
                    _knownFailures++;
                    Report(ScanEventKind.FileDone, null);
                    break;
            }
        }

        private void Fail(ScanOutcome.Failed f)
        {
            _failed++;
            if (_failures.Count < ScanReport.MaxListedFailures)
            {
                _failures.Add(f.Failure);
            }

            _pendingFailures.Add(new ScanFailureRecord
            {
                Path = f.File.Path,
                SizeBytes = f.File.SizeBytes,
                ModifiedUtc = f.File.ModifiedUtc,
                Reason = f.Failure.Reason,
                ModelId = f.ModelSpecific ? f.ModelId ?? _s._analyzer.ModelId : null,
                FeatureVersion = f.ModelSpecific ? (f.ModelId is null ? _s._analyzer.FeatureVersion : f.FeatureVersion) : 0,
            });
            Report(ScanEventKind.FileFailed, f.Failure);
            if (_pendingFailures.Count >= _options.BatchSize)
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
            lock (_s._storeLock)
            {
                _s._store.SaveAnalysesBatch(_pending);
            }

            _committed += _pendingFiles;
            _batches++;
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
            lock (_s._storeLock)
            {
                _s._store.RecordScanFailures(_pendingFailures);
            }

            _pendingFailures.Clear();
        }

        /// <summary>Forgets recorded failures of files under the root that no longer exist (caller holds the lock).</summary>
        private long PruneGoneFailures()
        {
            var prefix = Path.EndsInDirectorySeparator(_root) ? _root : _root + Path.DirectorySeparatorChar;
            var gone = _s._store.ListScanFailures()
                .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && !File.Exists(f.Path))
                .Select(f => f.Path)
                .ToList();
            return gone.Count == 0 ? 0 : _s._store.ClearScanFailures(gone);
        }

        private void FlushSeen()
        {
            if (_seen.Count == 0)
            {
                return;
            }

            lock (_s._storeLock)
            {
                _s._store.MarkSeen(_scanId, _seen);
            }

            _seen.Clear();
        }

        private void Report(ScanEventKind kind, ScanFailure? failure) =>
            _progress?.Report(new ScanProgress(
                kind,
                Interlocked.Read(ref _found),
                Volatile.Read(ref _enumerationDone) == 1,
                _processed,
                _analysed,
                _committed,
                _unchanged,
                _failed,
                _clock.Elapsed,
                failure,
                _knownFailures));
    }
}
