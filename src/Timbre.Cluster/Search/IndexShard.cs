using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>The grain behind <see cref="IIndexShardGrain"/>: kept alive (a reload reads the catalog), placed by <see cref="ShardLayout"/>.</summary>
/// <param name="rows">Loads the shard's rows from the catalog.</param>
/// <param name="silo">This silo (named in <see cref="ShardInfo"/>).</param>
/// <param name="membership">The active silos, for <see cref="Rebalance"/>.</param>
[ShardPlacement]
[KeepAlive]
internal sealed class IndexShard(ShardRows rows, ILocalSiloDetails silo, IClusterMembershipService membership) : Grain, IIndexShardGrain
{
    /// <summary>How often a shard checks its place (a silo that joined receives its shards within this).</summary>
    public static readonly TimeSpan RebalancePeriod = TimeSpan.FromSeconds(30);

    private SimilarityIndex? _index;
    private int _shard;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => Rebalance(), RebalancePeriod, RebalancePeriod);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ShardInfo> Load(ShardSpec spec, int shard)
    {
        await Fill(spec, shard, fresh: true);
        return Describe();
    }

    /// <inheritdoc />
    public async Task<ShardHit[]> Search(ShardSpec spec, int shard, float[] query, int k, long[] exclude)
    {
        var index = await Fill(spec, shard, fresh: false);
        if (index.Count == 0)
        {
            return [];
        }

        var hits = index.Search(query, k, exclude.Length == 0 ? null : exclude.ToHashSet());
        return [.. hits.Select(h => new ShardHit(h.Id, h.Score))];
    }

    /// <inheritdoc />
    public async Task<float[]?> Vector(ShardSpec spec, int shard, long id)
    {
        var index = await Fill(spec, shard, fresh: false);
        var row = index.RowOf(id);
        return row < 0 ? null : index.VectorAt(row).ToArray();
    }

    /// <inheritdoc />
    public async Task<ShardInfo> Info(ShardSpec spec, int shard)
    {
        await Fill(spec, shard, fresh: false);
        return Describe();
    }

    /// <inheritdoc />
    public Task<bool> Rebalance()
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(s => s.ToString(), StringComparer.Ordinal)
            .ToArray();
        if (active.Length == 0 || active[ShardPlacementDirector.ShardGrainPlace(this.GetPrimaryKeyString(), active)].Equals(silo.SiloAddress))
        {
            return Task.FromResult(false);
        }

        DeactivateOnIdle();
        return Task.FromResult(true);
    }

    private async Task<SimilarityIndex> Fill(ShardSpec spec, int shard, bool fresh)
    {
        if (_index is null || fresh)
        {
            try
            {
                _index = await rows.LoadAsync(spec, shard);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                // Timbre's own exceptions have no Orleans codec: the caller gets the reason as a plain one.
                throw new InvalidOperationException($"Shard {shard} could not load: {e.Message}");
            }

            _shard = shard;
        }

        return _index;
    }

    private ShardInfo Describe()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ShardInfo
        {
            Shard = _shard,
            Rows = _index?.Count ?? 0,
            Dimension = _index?.Dimension ?? 0,
            Silo = silo.SiloAddress.ToString(),
            SiloWorkingSet = process.WorkingSet64,
            SiloManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
        };
    }
}
