using Timbre.App.Snapshot;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>
/// The real backend: a catalog store (tracks, analyses, users, interactions), the model's analyser for uploads,
/// Timbre.Recommendation's recommenders over the same catalog snapshot the CLI loads (Timbre.App's
/// <see cref="LiveCatalog"/>, <see cref="SnapshotOptions"/>), and the audio decoder for spectrograms.
/// Writes are serialised on one store (its writes are single-threaded); read-only calls use a small pool of reader
/// connections when given one (<see cref="CatalogReaders"/>). A like or an added track is applied to the snapshot
/// incrementally, so it changes the next recommendation at once without rebuilding the index. Commits by
/// another process (a <c>timbre scan</c> running while the server serves) are noticed on the next request after
/// <see cref="CatalogBackendOptions.ChangeCheckInterval"/>: the store's change version is compared, and the snapshot
/// is rebuilt only when it moved.
/// </summary>
public sealed partial class CatalogBackend : ITimbreBackend, IDisposable
{
    private readonly ICatalogStore _store;
    private readonly IAudioDecoder _decoder;
    private readonly ITrackAnalyzer? _analyzer;
    private readonly CatalogBackendOptions _options;
    private readonly object _storeLock = new();
    private readonly CatalogReaders? _readers;
    private readonly SemaphoreSlim _catalogScan = new(1, 1);
    private readonly object _snapshotLock = new();
    private readonly LiveCatalog? _live;
    private long _seenChangeVersion;
    private long _nextChangeCheck;
    private PredictedSourceStamp? _predictedSource;

    /// <summary>
    /// Creates the backend over <paramref name="store"/> (owned: disposed with it). Without an
    /// <paramref name="analyzer"/> the library can be browsed but uploads cannot be analysed and nothing can be
    /// recommended (there is no model to say which analyses to use). With <paramref name="openReader"/> (a factory
    /// opening another store on the same catalog file) read-only calls run on up to
    /// <see cref="CatalogBackendOptions.ReaderConnections"/> such readers instead of waiting for the writer's lock;
    /// without it every call goes through <paramref name="store"/>.
    /// </summary>
    public CatalogBackend(
        ICatalogStore store, IAudioDecoder decoder, ITrackAnalyzer? analyzer, CatalogBackendOptions? options = null, Func<ICatalogStore>? openReader = null)
    {
        _store = store;
        _decoder = decoder;
        _analyzer = analyzer;
        _options = (options ?? new CatalogBackendOptions()).Validate();
        _readers = openReader is not null && _options.ReaderConnections > 0 ? new CatalogReaders(openReader, _options.ReaderConnections) : null;
        _live = analyzer is null ? null : new LiveCatalog(
            SnapshotOptions.For(analyzer.ModelId, analyzer.FeatureVersion) with
            {
                GraphDirectory = _options.GraphDirectory,
                GraphLog = _options.GraphLog,

                // With a folder for the graph the snapshot is served from its file there, tags read per shown row.
                Metadata = _options.GraphDirectory is null ? null : new CachedTrackMetadata(id => Read(s => s.FindTrack(id)), path => Read(s => s.FindTrackByPath(path))),
            },
            analyzer.GenreLabels);
    }

    /// <summary>Key of the feature version the recommenders compare ("model id@vN", as in the CLI).</summary>
    public string? VersionKey => _analyzer is null ? null : CatalogContextLoader.VersionKey(_analyzer.ModelId, _analyzer.FeatureVersion);

    /// <summary>Full snapshot loads so far (each reads the catalog and builds the similarity index); 0 without a model.</summary>
    public int SnapshotLoads => _live?.Loads ?? 0;

    /// <summary>Counts for the start-up message: present tracks, those analysed by this analyzer, users.</summary>
    public (long PresentTracks, long Analysed, long Users) Stats()
    {
        lock (_storeLock)
        {
            var stats = _store.GetStats();
            var analysed = _analyzer is null ? 0 : _store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion);
            return (stats.PresentTracks, analysed, stats.Users);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GenreLabels() => _analyzer?.GenreLabels ?? [];

    /// <summary>Reader connections opened so far (0 without a reader factory).</summary>
    public int OpenedReaders => _readers?.Opened ?? 0;

    /// <summary>Disposes the store and the readers.</summary>
    public void Dispose()
    {
        _readers?.Dispose();
        lock (_storeLock)
        {
            _store.Dispose();
        }
    }

    private T Store<T>(Func<ICatalogStore, T> action)
    {
        lock (_storeLock)
        {
            return action(_store);
        }
    }

    /// <summary>A read-only call: on a pooled reader when there is one, else on the writer under its lock.</summary>
    private T Read<T>(Func<ICatalogStore, T> read) => _readers is null ? Store(read) : _readers.Read(read);

    /// <summary><see cref="Read{T}"/> whose wait for a free reader holds no thread (the read itself is synchronous).</summary>
    private Task<T> ReadAsync<T>(Func<ICatalogStore, T> read, CancellationToken cancellationToken) =>
        _readers is null ? Task.FromResult(Store(read)) : _readers.ReadAsync(read, cancellationToken);

    private ITrackAnalyzer Analyzer =>
        _analyzer ?? throw new TimbreException("This server was started without a model (--model), so it cannot analyse or recommend.");

    /// <summary>
    /// The current snapshot: loaded on first use and again only when another process committed. Requests read it
    /// without a lock (snapshots are immutable); at most one caller per <see cref="CatalogBackendOptions.ChangeCheckInterval"/>
    /// asks the store whether another process committed, and only a load (or a like being applied) takes the lock,
    /// so a like's commit never holds up the pages and searches of other requests.
    /// </summary>
    private CatalogSnapshot Snapshot()
    {
        _ = Analyzer;
        var current = _live!.Current;
        if (current is not null && !IsCheckDue())
        {
            return current;
        }

        lock (_snapshotLock)
        {
            current = _live.Current;
            if (current is not null && !ChangedOutside())
            {
                return current;
            }

            // Read before loading: a commit made while it loads moves the version again and is seen next time.
            _seenChangeVersion = Store(s => s.ChangeVersion());
            Volatile.Write(ref _nextChangeCheck, Environment.TickCount64 + (long)_options.ChangeCheckInterval.TotalMilliseconds);
            Volatile.Write(ref _snapshotSequence, Store(s => s.ContentSequence())); // the stamp of a map computed from it
            return Read(_live.Load);
        }
    }

    /// <summary>
    /// Whether this caller should look for outside commits: true for one caller once the check interval has passed
    /// (it moves the next check on first, so the others keep serving the current snapshot meanwhile).
    /// </summary>
    private bool IsCheckDue()
    {
        var due = Volatile.Read(ref _nextChangeCheck);
        var now = Environment.TickCount64;
        return now >= due
            && Interlocked.CompareExchange(ref _nextChangeCheck, now + (long)_options.ChangeCheckInterval.TotalMilliseconds, due) == due;
    }

    /// <summary>Whether another process committed since the last look (caller holds the snapshot lock and won <see cref="IsCheckDue"/>, or loads).</summary>
    private bool ChangedOutside()
    {
        var version = Store(s => s.ChangeVersion());
        var changed = version != _seenChangeVersion;
        _seenChangeVersion = version;
        return changed;
    }

    private TrackSummary Summary(TrackRecord t, CatalogSnapshot? snapshot) =>
        new(t.Id, TrackText.Title(t), t.Artist ?? "", t.Album ?? "", t.Year, t.DurationSeconds, t.GenreTag, snapshot?.PredictedGenre(t.Id), t.OwnerUserId);

    /// <summary>The snapshot for what can do without it (predicted genres on pages): with a shared index only once something else loaded it.</summary>
    private CatalogSnapshot? SnapshotOrNull() =>
        _analyzer is null ? null
        : _options.SharedIndex is not null && _live!.Current is null ? null
        : Snapshot();
}

/// <summary>Display text for tracks without tags.</summary>
internal static class TrackText
{
    public static string Title(TrackRecord track) =>
        string.IsNullOrWhiteSpace(track.Title) ? Path.GetFileNameWithoutExtension(track.Path) : track.Title;
}
