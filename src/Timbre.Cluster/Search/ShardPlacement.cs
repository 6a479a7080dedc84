using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Timbre.Cluster.Search;

/// <summary>Places index shards by <see cref="ShardLayout"/> over the compatible (active) silos.</summary>
public sealed class ShardPlacementStrategy : PlacementStrategy;

/// <summary>Marks the shard grain as placed by <see cref="ShardPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(new ShardPlacementStrategy());

/// <summary>The director: the silo <see cref="ShardLayout.Place"/> chooses for the activated shard's key.</summary>
internal sealed class ShardPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        return Task.FromResult(silos[ShardGrainPlace(target.GrainIdentity.Key.ToString()!, silos)]);
    }

    /// <summary>The index in <paramref name="silos"/> of the silo that should hold the shard with this key.</summary>
    internal static int ShardGrainPlace(string key, IReadOnlyList<SiloAddress> silos)
    {
        var (index, shard, count) = ShardLayout.ParseKey(key);
        return ShardLayout.Place(index, shard, count, [.. silos.Select(s => s.ToString())]);
    }
}
