using Timbre.App.Map;
using Timbre.Cluster.Maps;

namespace Timbre.Cluster.Search;

/// <summary>The library map job of the index this client serves (<see cref="ClusterMapJob"/>).</summary>
public sealed partial class ClusterIndex
{
    /// <summary>The job that computes this index's library map on a silo and stores it in the catalog.</summary>
    public IMapLayoutJob MapJob() => new ClusterMapJob(() => Volatile.Read(ref _search)?.Grains, _spec);
}
