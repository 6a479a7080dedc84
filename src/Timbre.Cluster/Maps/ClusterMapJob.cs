using Timbre.App.Map;
using Timbre.App.SharedIndex;
using Timbre.Cluster.Search;

namespace Timbre.Cluster.Maps;

/// <summary>
/// The library map job as a front-end asks for it (<c>timbre serve --cluster</c>): one call to the index's
/// <see cref="IMapLayoutGrain"/>, bounded by <see cref="ClusterIndex.CallTimeout"/>.
/// </summary>
/// <param name="grains">The cluster client's grain factory, or null while not connected.</param>
/// <param name="spec">The index the front-end serves.</param>
public sealed class ClusterMapJob(Func<IGrainFactory?> grains, ShardSpec spec) : IMapLayoutJob
{
    private readonly ShardSpec _spec = spec.Validate();

    /// <summary>Jobs the grain reports started (the last answer's count).</summary>
    public int Runs { get; private set; }

    /// <inheritdoc />
    public MapJobState Request(long sequence)
    {
        var factory = grains() ?? throw new SharedIndexUnavailableException("The cluster is not reachable: no silo has accepted this server yet.");
        try
        {
            var report = factory.GetGrain<IMapLayoutGrain>(MapLayoutGrain.KeyOf(_spec)).Ensure(_spec, sequence)
                .WaitAsync(ClusterIndex.CallTimeout).GetAwaiter().GetResult();
            Runs = report.Runs;
            return new MapJobState(report.Running, report.Progress, report.Error);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ArgumentException))
        {
            throw new SharedIndexUnavailableException($"The cluster did not answer for the library map: {e.Message}", e);
        }
    }
}
