using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>The grain behind <see cref="IIndexShardGrain"/>.</summary>
/// <param name="rows">Loads the shard's rows from the catalog.</param>
/// <param name="silo">This silo (named in <see cref="ShardInfo"/>).</param>
internal sealed class IndexShard(ShardRows rows, ILocalSiloDetails silo) : Grain, IIndexShardGrain
{
    private SimilarityIndex? _index;
    private int _shard;

    /// <inheritdoc />
    public Task<ShardInfo> Load(ShardSpec spec, int shard)
    {
        Fill(spec, shard, fresh: true);
        return Task.FromResult(Describe());
    }

    /// <inheritdoc />
    public Task<ShardHit[]> Search(ShardSpec spec, int shard, float[] query, int k, long[] exclude)
    {
        var index = Fill(spec, shard, fresh: false);
        if (index.Count == 0)
        {
            return Task.FromResult(Array.Empty<ShardHit>());
        }

        var hits = index.Search(query, k, exclude.Length == 0 ? null : exclude.ToHashSet());
        return Task.FromResult(hits.Select(h => new ShardHit(h.Id, h.Score)).ToArray());
    }

    /// <inheritdoc />
    public Task<float[]?> Vector(ShardSpec spec, int shard, long id)
    {
        var index = Fill(spec, shard, fresh: false);
        var row = index.RowOf(id);
        return Task.FromResult(row < 0 ? null : index.VectorAt(row).ToArray());
    }

    /// <inheritdoc />
    public Task<ShardInfo> Info(ShardSpec spec, int shard)
    {
        Fill(spec, shard, fresh: false);
        return Task.FromResult(Describe());
    }

    private SimilarityIndex Fill(ShardSpec spec, int shard, bool fresh)
    {
        if (_index is null || fresh)
        {
            try
            {
                _index = rows.Load(spec, shard, fresh);
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

    private ShardInfo Describe() => new()
    {
        Shard = _shard,
        Rows = _index?.Count ?? 0,
        Dimension = _index?.Dimension ?? 0,
        Silo = silo.SiloAddress.ToString(),
    };
}
