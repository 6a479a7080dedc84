namespace Timbre.Cluster.Search;

/// <summary>
/// The mutual-proximity sample of one sharded index (key <see cref="ShardSpec.ProximityKey"/>), drawn once from every shard's ids and
/// vectors and handed to each shard, which computes its own tracks' distance moments against it. Shards call it while
/// they serve a query; it calls only the shards' interleaving <see cref="IIndexShardGrain.Ids"/> and
/// <see cref="IIndexShardGrain.SampleVectors"/>, so the call cycle cannot deadlock.
/// </summary>
[Alias("timbre.IProximitySampleGrain")]
public interface IProximitySampleGrain : IGrainWithStringKey
{
    /// <summary>The sample (drawn on first call, or when the settings changed); shards may be loading meanwhile.</summary>
    [Alias("Sample")]
    [ResponseTimeout("00:10:00")]
    Task<ProximitySample> Sample(ShardSpec spec, ProximitySettings settings);

    /// <summary>Drops the sample (the shards are being loaded again).</summary>
    [Alias("Forget")]
    Task Forget();
}

/// <summary>The grain behind <see cref="IProximitySampleGrain"/>.</summary>
internal sealed class ProximitySampleGrain : Grain, IProximitySampleGrain
{
    private (ProximitySettings Settings, ProximitySample Sample)? _drawn;

    /// <inheritdoc />
    public async Task<ProximitySample> Sample(ShardSpec spec, ProximitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        if (_drawn is { } d && d.Settings == settings)
        {
            return d.Sample;
        }

        var sample = await Draw(GrainFactory, spec, settings);
        _drawn = (settings, sample);
        return sample;
    }

    /// <inheritdoc />
    public Task Forget()
    {
        _drawn = null;
        return Task.CompletedTask;
    }

    /// <summary>The single-node sample over the shards: positions among all ids in id order, then their vectors.</summary>
    internal static async Task<ProximitySample> Draw(IGrainFactory grains, ShardSpec spec, ProximitySettings settings)
    {
        IIndexShardGrain Shard(int s) => grains.GetGrain<IIndexShardGrain>(spec.GrainKey(s));
        var ids = await Task.WhenAll(Enumerable.Range(0, spec.Count).Select(s => Shard(s).Ids(spec, s)));
        var all = ids.SelectMany(i => i).ToArray();
        Array.Sort(all);
        var chosen = Timbre.Recommendation.Hubness.MutualProximity.SamplePositions(all.Length, settings.Options).Select(p => all[p]).ToArray();
        var byShard = chosen.GroupBy(id => ShardSpec.ShardOf(id, spec.Count)).ToList();
        var vectors = await Task.WhenAll(byShard.Select(g => Shard(g.Key).SampleVectors(spec, g.Key, [.. g])));
        var found = new Dictionary<long, float[]>();
        var dimension = 0;
        foreach (var (group, flat) in byShard.Zip(vectors))
        {
            var list = group.ToList();
            dimension = list.Count == 0 ? dimension : flat.Length / list.Count;
            for (var i = 0; i < list.Count; i++)
            {
                found[list[i]] = flat.AsSpan(i * dimension, dimension).ToArray();
            }
        }

        var sample = new float[chosen.Length * dimension];
        for (var i = 0; i < chosen.Length; i++)
        {
            found[chosen[i]].CopyTo(sample, i * dimension);
        }

        return new ProximitySample { Ids = chosen, Vectors = sample, Dimension = dimension, IndexCount = all.Length };
    }
}
