using System.Numerics.Tensors;
using Timbre.App.SharedIndex;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>The playlist journeys and library pages through the shards (<see cref="ISharedPlaylistIndex"/>).</summary>
public sealed partial class ClusterIndex : ISharedPlaylistIndex
{
    /// <inheritdoc />
    /// <remarks>One call per shard; each shard's top k by the index's own kernel, merged as the exact index orders them.</remarks>
    public Task<IReadOnlyList<SharedHit>> SearchAsync(float[] target, int k, IReadOnlyCollection<long> exclude, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(exclude);
        return CallAsync<IReadOnlyList<SharedHit>>(async (search, ct) => [.. (await search.SearchAsync(target, k, exclude, ct).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))], cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One call per shard holding some of the tracks.</remarks>
    public Task<IReadOnlyDictionary<long, float[]>> VectorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return CallAsync((search, ct) => search.VectorsAsync(ids, ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The seeds' vectors (one call per shard holding some), each seed's moments (one call to its shard), the
    /// candidates for the mean direction (one call per shard, at least 256 deep: the single node re-ranks its 200 best
    /// plus one per seed), the re-ranked candidates' vectors (one call per shard), then <see cref="SeedsProximityMerge"/>.
    /// </remarks>
    public Task<IReadOnlyList<SharedHit>?> SimilarToSeedsAsync(IReadOnlyList<long> seeds, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        return CallAsync((search, ct) => SeedsAsync(search, [.. seeds.Distinct()], k, ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One call per shard (its size; loads it if needed).</remarks>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        CallAsync(async (search, ct) => (await search.InfoAsync(ct).ConfigureAwait(false)).Sum(s => s.Rows), cancellationToken);

    private static async Task<IReadOnlyList<SharedHit>?> SeedsAsync(ShardedSearch search, IReadOnlyList<long> seeds, int k, CancellationToken cancellationToken)
    {
        var units = await search.VectorsAsync(seeds, cancellationToken).ConfigureAwait(false);
        if (seeds.Count == 0 || seeds.Any(id => !units.ContainsKey(id)))
        {
            return null;
        }

        // SeedScoring's mean of weight-1 seeds: Σ unit · (1 / n); the index scores its direction.
        var mean = new float[units[seeds[0]].Length];
        foreach (var id in seeds)
        {
            TensorPrimitives.MultiplyAdd(units[id], 1f / seeds.Count, mean, mean);
        }

        var norm = TensorPrimitives.Norm(mean);
        if (norm == 0)
        {
            return [];
        }

        var unit = VectorMath.Normalized(mean);
        var ask = Math.Max(k, 256);
        var parts = await search.ProximityPartsAsync(unit, null, ask, seeds, cancellationToken).ConfigureAwait(false);
        var depth = SeedsProximityMerge.Depth(parts, seeds.Count);
        if (depth - seeds.Count > ask)
        {
            parts = await search.ProximityPartsAsync(unit, null, depth, seeds, cancellationToken).ConfigureAwait(false);
        }

        if (depth == 0)
        {
            return [.. parts.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id).Where(h => !seeds.Contains(h.Id)).Take(k).Select(h => new SharedHit(h.Id, h.Score))];
        }

        var moments = await Task.WhenAll(seeds.Select(id => search.MomentsAsync(id, units[id], cancellationToken))).ConfigureAwait(false);
        var top = parts.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(depth).Select(h => h.Id).ToList();
        var vectors = await search.VectorsAsync(top, cancellationToken).ConfigureAwait(false);
        var seedList = seeds.Select((id, i) => (units[id], new DistanceMoments(moments[i]!.Value.Mean, moments[i]!.Value.Std))).ToList();
        return [.. SeedsProximityMerge.Merge(parts, norm, seedList, vectors).Select(h => new SharedHit(h.Id, h.Score) { Cosine = h.Cosine })];
    }
}
