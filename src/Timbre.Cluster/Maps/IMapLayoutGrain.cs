using Timbre.App.Map;
using Timbre.App.Snapshot;
using Timbre.Cluster.Search;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Projection;
using Timbre.Storage;

namespace Timbre.Cluster.Maps;

/// <summary>
/// The library map job of one index (key <see cref="MapLayoutGrain.KeyOf"/>): one activation in the cluster, so every
/// front-end that finds the stored layout stale asks the same grain and the layout is computed once, on the silo
/// holding it. The job streams the index's rows as the shards do (<see cref="ShardRows.Read"/>, one pass), lays them out
/// with the in-process code and writes them to the catalog (<see cref="MapLayoutJob"/>).
/// </summary>
[Alias("timbre.IMapLayoutGrain")]
public interface IMapLayoutGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job unless one runs or the stored layout is stamped with <paramref name="sequence"/> or later;
    /// returns at once.
    /// </summary>
    [Alias("Ensure")]
    Task<MapJobReport> Ensure(ShardSpec spec, long sequence);
}

/// <summary>The job's state.</summary>
/// <param name="Running">Whether a layout is being computed.</param>
/// <param name="Progress">Fraction done (0–1).</param>
/// <param name="Error">Why the last run failed, or null.</param>
/// <param name="Runs">Jobs started by this activation.</param>
[GenerateSerializer, Immutable, Alias("timbre.MapJobReport")]
public sealed record MapJobReport([property: Id(0)] bool Running, [property: Id(1)] double Progress, [property: Id(2)] string? Error, [property: Id(3)] int Runs);

/// <summary>The grain behind <see cref="IMapLayoutGrain"/>; the job runs on the thread pool, outside the grain's turns.</summary>
internal sealed class MapLayoutGrain : Grain, IMapLayoutGrain
{
    private Task? _job;
    private double _progress;
    private string? _error;
    private int _runs;

    /// <summary>The grain key of <paramref name="spec"/>'s map (independent of the shard count).</summary>
    public static string KeyOf(ShardSpec spec) => (spec with { Count = 1 }).GrainKey(0) + "/map";

    /// <inheritdoc />
    public async Task<MapJobReport> Ensure(ShardSpec spec, long sequence)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_job is { IsCompleted: false })
        {
            return Report(true);
        }

        var stale = await Task.Run(() => IsStale(spec, sequence));
        if (stale)
        {
            _progress = 0;
            _error = null;
            _runs++;
            _job = Task.Run(() => Run(spec));
            DelayDeactivation(TimeSpan.FromHours(6)); // a layout of a large library takes long; its state lives here
        }

        return Report(_job is { IsCompleted: false });
    }

    /// <summary>Lays out the rows of <paramref name="spec"/>'s index and stores them; returns whether t-SNE ran.</summary>
    internal static bool Compute(ShardSpec spec, TSneOptions options, Action<double>? progress)
    {
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        var load = SnapshotOptions.For(spec.ModelId, spec.FeatureVersion);
        var index = MapLayoutJob.IndexOf(store, load) ?? throw new InvalidOperationException("The catalog has no analyses for this index.");
        var sequence = store.ContentSequence(); // before the rows: a commit while they stream leaves the stamp stale
        var rows = ShardRows.Read(spec with { Count = 1 }, new HashSet<int> { 0 })[0];

        // As CatalogSnapshot.PredictedGenre: the top of the model's probabilities, only when the set has model labels.
        var space = load.UseEmbeddingSpace ? CatalogContextLoader.SpaceFor(store, load) : null;
        var set = space is null ? CatalogContextLoader.ChooseSet(store, load)
            : store.ListAnalysisSets().First(s => s.ModelId == space.Sets[0].ModelId && s.FeatureVersion == space.Sets[0].FeatureVersion);
        var genres = set.GenreLabels.Count > 0 ? rows.Genres : null;
        string? GenreOf(int r) => genres is null || genres.Top[r] < 0 ? null : genres.Labels[genres.Top[r]];
        return MapLayoutJob.Run(store, index, rows.Index, GenreOf, sequence, options, progress).Computed;
    }

    private static bool IsStale(ShardSpec spec, long sequence)
    {
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        var index = MapLayoutJob.IndexOf(store, SnapshotOptions.For(spec.ModelId, spec.FeatureVersion));
        return index is not null && !(store.FindLibraryMap(index) is { } info && info.ContentSequence >= sequence);
    }

    private void Run(ShardSpec spec)
    {
        try
        {
            Compute(spec, new TSneOptions(), p => Volatile.Write(ref _progress, p));
            Volatile.Write(ref _progress, 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _error = $"The library map could not be computed: {e.Message}";
        }
    }

    private MapJobReport Report(bool running) => new(running, Volatile.Read(ref _progress), _error, _runs);
}
