using Timbre.Core.Analysis;
using Timbre.Recommendation.Space;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Domain;
using Timbre.Web.Backend;
using CatalogKind = Timbre.Core.Catalog.InteractionKind;
using RecKind = Timbre.Recommendation.Domain.InteractionKind;

namespace Timbre.Web.Catalog;

/// <summary>
/// The real backend: a catalog store (tracks, analyses, users, interactions), the model's analyser for uploads,
/// Timbre.Recommendation's recommenders over an in-memory snapshot, and the audio decoder for spectrograms.
/// Writes are serialised on one store (its writes are single-threaded); read-only calls use a small pool of reader
/// connections when given one (<see cref="CatalogReaders"/>). The snapshot is rebuilt when tracks are
/// added and re-folded when interactions change, so a like changes the next recommendation at once. Commits by
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
    private readonly List<Interaction> _interactions = [];
    private CatalogSnapshot? _snapshot;
    private bool _tracksChanged = true;
    private bool _interactionsChanged;
    private long _seenChangeVersion;
    private long _nextChangeCheck;

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
        lock (_storeLock)
        {
            _interactions.AddRange(_store.ReadAllInteractions().Select(ToRecommendation));
        }
    }

    /// <summary>Key of the feature version the recommenders compare ("model id@feature version").</summary>
    public string? VersionKey => _analyzer is null ? null : $"{_analyzer.ModelId}@{_analyzer.FeatureVersion}";

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

    private ITrackAnalyzer Analyzer =>
        _analyzer ?? throw new TimbreException("This server was started without a model (--model), so it cannot analyse or recommend.");

    /// <summary>The current snapshot, rebuilt when tracks were added and re-folded when interactions changed.</summary>
    private CatalogSnapshot Snapshot()
    {
        var analyzer = Analyzer;
        lock (_snapshotLock)
        {
            if (_snapshot is not null && !_tracksChanged && ChangedOutside())
            {
                _tracksChanged = true;
            }

            if (_snapshot is null || _tracksChanged)
            {
                // Read before building: a commit made while it builds moves the version again and is seen next time.
                _seenChangeVersion = Store(s => s.ChangeVersion());
                _nextChangeCheck = Environment.TickCount64 + (long)_options.ChangeCheckInterval.TotalMilliseconds;
                _snapshot = Build(analyzer);
                _tracksChanged = false;
                _interactionsChanged = false;
            }
            else if (_interactionsChanged)
            {
                _snapshot = _snapshot.WithInteractions(Interactions());
                _interactionsChanged = false;
            }

            return _snapshot;
        }
    }

    /// <summary>Whether another process committed since the last look; looks at most once per check interval (caller holds the snapshot lock).</summary>
    private bool ChangedOutside()
    {
        var now = Environment.TickCount64;
        if (now < _nextChangeCheck)
        {
            return false;
        }

        _nextChangeCheck = now + (long)_options.ChangeCheckInterval.TotalMilliseconds;
        var version = Store(s => s.ChangeVersion());
        var changed = version != _seenChangeVersion;
        _seenChangeVersion = version;
        return changed;
    }

    private CatalogSnapshot Build(ITrackAnalyzer analyzer)
    {
        var key = VersionKey!;
        var tracks = new Dictionary<long, TrackRecord>();
        var analyses = new Dictionary<long, AnalysisRecord>();
        Read(store =>
        {
            for (var offset = 0; ; offset += TrackQuery.MaxLimit)
            {
                var page = store.ListTracks(new TrackQuery { Offset = offset, Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added });
                foreach (var t in page.Items)
                {
                    tracks[t.Id] = t;
                }

                if (page.Items.Count < TrackQuery.MaxLimit)
                {
                    break;
                }
            }

            foreach (var a in store.ReadAnalyses(analyzer.ModelId, analyzer.FeatureVersion))
            {
                if (tracks.ContainsKey(a.TrackId))
                {
                    analyses[a.TrackId] = a;
                }
            }

            return 0;
        });

        // The catalog's fitted embedding space applies when it is of this analyzer's set alone (uploads are analysed
        // by this one analyzer; a fused space needs the others too, so the web app then uses the raw embeddings).
        var stored = Read(store => store.FindEmbeddingSpace());
        var space = stored is null ? null : new EmbeddingSpace(stored);
        if (space is not null && !(space.IsOnly(analyzer.ModelId, analyzer.FeatureVersion) && analyses.Values.All(a => a.Embedding.Length == space.Sets[0].Dimension)))
        {
            space = null;
        }

        var features = analyses.Values.OrderBy(a => a.TrackId).Select(a => CatalogSnapshot.Features(tracks[a.TrackId], a, key, space)).ToList();
        var labels = analyses.Count > 0 ? analyses.Values.First().GenreLabels : analyzer.GenreLabels;
        var context = new RecommendationContext(key, labels, features, Interactions()) { Blocks = space?.Blocks ?? [] };
        return new CatalogSnapshot(tracks, analyses, context, space);
    }

    private List<Interaction> Interactions()
    {
        lock (_interactions)
        {
            return [.. _interactions];
        }
    }

    private static Interaction ToRecommendation(InteractionRecord r) => new(
        r.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        r.TrackId,
        r.Kind switch
        {
            CatalogKind.Like => RecKind.Like,
            CatalogKind.Dislike => RecKind.Dislike,
            CatalogKind.Rating => RecKind.Rating,
            _ => RecKind.Play,
        },
        (float)r.Value,
        r.At);

    private TrackSummary Summary(TrackRecord t, CatalogSnapshot? snapshot) =>
        new(t.Id, TrackText.Title(t), t.Artist ?? "", t.Album ?? "", t.Year, t.DurationSeconds, t.GenreTag, snapshot?.TopGenre(t.Id), t.OwnerUserId);

    private CatalogSnapshot? SnapshotOrNull() => _analyzer is null ? null : Snapshot();
}
