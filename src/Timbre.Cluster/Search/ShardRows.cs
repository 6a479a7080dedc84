using Timbre.App.Snapshot;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Similarity;
using Timbre.Storage;

namespace Timbre.Cluster.Search;

/// <summary>
/// Loads shard rows on a silo: the catalog snapshot exactly as every single-node reader loads it
/// (<see cref="CatalogContextLoader"/> with <see cref="SnapshotOptions.For"/>), kept for a short while so the shards
/// activated together on one silo share one load, then dropped (only the shards' rows stay).
/// </summary>
/// <param name="time">The clock of the cache.</param>
public sealed class ShardRows(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(60);
    private readonly Lock _lock = new();
    private (string Key, CatalogSnapshot Snapshot, DateTimeOffset Loaded)? _cached;

    /// <summary>The shard's index: its tracks' embeddings in id order, with the single-node index's options.</summary>
    public SimilarityIndex Load(ShardSpec spec, int shard, bool fresh)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, spec.Count);
        var snapshot = Snapshot(spec, fresh);
        var tracks = snapshot.Context.Tracks.Where(t => ShardSpec.ShardOf(t.Id, spec.Count) == shard).OrderBy(t => t.Id).ToList();
        return new SimilarityIndex([.. tracks.Select(t => t.Id)], [.. tracks.Select(t => t.Embedding)], snapshot.Context.Index.Options);
    }

    /// <summary>The snapshot the single-node exact search uses (what the sharded search must equal).</summary>
    public static CatalogSnapshot LoadSnapshot(ShardSpec spec)
    {
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        return CatalogContextLoader.Load(store, SnapshotOptions.For(spec.ModelId, spec.FeatureVersion));
    }

    private CatalogSnapshot Snapshot(ShardSpec spec, bool fresh)
    {
        var key = $"{spec.Catalog}\n{spec.ModelId}\n{spec.FeatureVersion}";
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!fresh && _cached is { } c && c.Key == key && now - c.Loaded < Keep)
            {
                return c.Snapshot;
            }

            var snapshot = LoadSnapshot(spec);
            _cached = (key, snapshot, now);
            return snapshot;
        }
    }
}
