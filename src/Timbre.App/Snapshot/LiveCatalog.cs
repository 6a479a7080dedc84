using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;

namespace Timbre.App.Snapshot;

/// <summary>
/// The current catalog snapshot of a long-running front-end (the web server), kept up to date without rebuilding
/// it: a like, play or rating re-folds only that user's weights (<see cref="Apply"/>), a new or removed track is
/// appended to or dropped from the similarity index (<see cref="ApplyTracks"/>); only a change it cannot follow (a
/// scan by another process, genres made from labels) asks for a full <see cref="Load"/>. Thread-safe; snapshots
/// handed out are immutable, so a request keeps working on the one it got.
/// </summary>
public sealed class LiveCatalog
{
    private readonly object _lock = new();
    private readonly IReadOnlyList<string> _emptyGenreLabels;
    private CatalogSnapshot? _current;

    /// <summary>
    /// Keeps snapshots loaded with <paramref name="options"/>. When they name a model and feature version whose set
    /// has no analyses yet, <see cref="Load"/> gives an empty snapshot with <paramref name="emptyGenreLabels"/>
    /// (the serving model's labels) instead of failing, so tracks added later can join it.
    /// </summary>
    public LiveCatalog(CatalogLoadOptions options, IReadOnlyList<string>? emptyGenreLabels = null)
    {
        Options = options.Validate();
        _emptyGenreLabels = emptyGenreLabels ?? [];
    }

    /// <summary>The load options.</summary>
    public CatalogLoadOptions Options { get; }

    /// <summary>How many full loads ran (each reads the whole catalog and builds the similarity index).</summary>
    public int Loads { get; private set; }

    /// <summary>The current snapshot, or null before the first <see cref="Load"/> or after <see cref="Invalidate"/>.</summary>
    public CatalogSnapshot? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Reads the whole catalog from <paramref name="store"/> into a new current snapshot.</summary>
    public CatalogSnapshot Load(ICatalogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var snapshot = HasNoAnalyses(store)
            ? CatalogContextLoader.Empty(Options.ModelId!, Options.FeatureVersion!.Value, _emptyGenreLabels, Options)
            : CatalogContextLoader.Load(store, Options);
        lock (_lock)
        {
            Loads++;
            _current = snapshot;
        }

        return snapshot;
    }

    /// <summary>
    /// Applies interactions just saved in the catalog: only their users' weights change; tracks and index are
    /// shared with the previous snapshot. Nothing to do before the first load (it will read them).
    /// </summary>
    public void Apply(IReadOnlyList<InteractionRecord> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        lock (_lock)
        {
            _current = _current?.WithAddedInteractions(saved.Select(CatalogSnapshot.InteractionOf).ToList());
        }
    }

    /// <summary>
    /// Applies tracks just saved (with their analyses) or removed. Returns false when the snapshot cannot follow
    /// without a full load (see <see cref="CatalogSnapshot.WithTracks"/>): it is then dropped, and the caller loads.
    /// </summary>
    public bool ApplyTracks(IReadOnlyList<(TrackRecord Track, IReadOnlyList<AnalysisRecord> Analyses)> added, IReadOnlyCollection<long> removedIds)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removedIds);
        lock (_lock)
        {
            if (_current is null)
            {
                return true; // the next load reads them
            }

            _current = _current.WithTracks(added, removedIds);
            return _current is not null;
        }
    }

    /// <summary>Drops the current snapshot; the next caller loads again.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _current = null;
        }
    }

    private bool HasNoAnalyses(ICatalogStore store)
        => Options is { ModelId: { } model, FeatureVersion: { } version }
            && !store.ListAnalysisSets().Any(s => s.ModelId == model && s.FeatureVersion == version && s.Count > 0);
}
