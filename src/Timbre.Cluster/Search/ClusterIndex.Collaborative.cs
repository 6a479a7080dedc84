using Timbre.App.SharedIndex;
using Timbre.Cluster.Collaborative;

namespace Timbre.Cluster.Search;

/// <summary>The collaborative model of the index (<see cref="ICollaborativeGrain"/>) as an <see cref="ISharedCollaborative"/>.</summary>
public sealed partial class ClusterIndex
{
    /// <inheritdoc />
    public Task<SharedCfHits> UserKnnAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return CallAsync(async (search, _) =>
        {
            var answer = await Model(search).UserKnn(search.Spec, new CfQuery { UserId = userId, K = k }).ConfigureAwait(false);
            return new SharedCfHits(
                answer.Scored,
                [.. answer.Ids.Zip(answer.Scores, (id, score) => new SharedHit(id, score))],
                answer.Candidates,
                [.. answer.SeedIds.Zip(answer.SeedWeights)]);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, float[]>> UnitsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return CallAsync<IReadOnlyDictionary<long, float[]>>(async (search, ct) =>
        {
            // One call per shard where the shards hold genre vectors (their rows carry the unit vectors too), else one per id.
            var distinct = ids.Distinct().ToList();
            if (distinct.Count > 0 && await search.GenreTracksAsync(distinct, ct).ConfigureAwait(false) is { } found)
            {
                return found.Tracks.ToDictionary(t => t.Id, t => t.Unit);
            }

            var vectors = await Task.WhenAll(distinct.Select(id => search.VectorAsync(id, ct))).ConfigureAwait(false);
            return distinct.Zip(vectors).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SharedHybridHits?> HybridSimilarAsync(long id, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return CallAsync(async (search, ct) =>
        {
            if (await search.GenreTracksAsync([id], ct).ConfigureAwait(false) is not { } found)
            {
                return null;
            }

            if (found.Tracks.Count == 0)
            {
                return new SharedHybridHits(null, [id]);
            }

            var content = HybridContent.Of(search, found, [(id, 1f)], [id], []);
            return content is null ? null : new SharedHybridHits([.. (await content.Best(null, k, ct).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))], [id]);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SharedHybridHits?> HybridForUserAsync(long userId, int k, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return CallAsync(async (search, ct) =>
        {
            var model = Model(search);
            var cf = await model.Hybrid(search.Spec, new CfQuery { UserId = userId }).ConfigureAwait(false);
            var seeds = cf.SeedIds.Zip(cf.SeedWeights).ToList();
            if (!seeds.Any(s => s.Second > 0) || await search.GenreTracksAsync(cf.SeedIds, ct).ConfigureAwait(false) is not { } found)
            {
                return null;
            }

            var content = HybridContent.Of(search, found, seeds, cf.Known, cf.Scored ? cf.Ids : []);
            if (content is null)
            {
                return null;
            }

            var part = cf.Scored ? new HybridContent.CfPart(cf, HybridMerge.CfWeight(cf.Known.Length, Timbre.Recommendation.Recommenders.HybridOptions.Default), ids => model.Support(search.Spec, ids)) : null;
            return new SharedHybridHits([.. (await content.Best(part, k, ct).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))], cf.SeedIds);
        }, cancellationToken);
    }

    /// <summary>What the index's collaborative grain holds now (fits, users, memory).</summary>
    public Task<CfInfo> CollaborativeInfoAsync() => Volatile.Read(ref _search) is { } search
        ? Model(search).Info()
        : throw new SharedIndexUnavailableException("The cluster is not reachable.");

    private static ICollaborativeGrain Model(ShardedSearch search) => search.Grains.GetGrain<ICollaborativeGrain>(CollaborativeKeys.Of(search.Spec));
}
