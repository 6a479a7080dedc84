using Timbre.App.SharedIndex;
using Timbre.Cluster.Collaborative;

namespace Timbre.Cluster.Search;

/// <summary>The collaborative model of the index (<see cref="ICollaborativeGrain"/>) as an <see cref="ISharedCollaborative"/>.</summary>
public sealed partial class ClusterIndex
{
    /// <inheritdoc />
    public SharedCfHits UserKnn(long userId, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return Call(async search =>
        {
            var answer = await Model(search).UserKnn(search.Spec, new CfQuery { UserId = userId, K = k }).ConfigureAwait(false);
            return new SharedCfHits(
                answer.Scored,
                [.. answer.Ids.Zip(answer.Scores, (id, score) => new SharedHit(id, score))],
                answer.Candidates,
                [.. answer.SeedIds.Zip(answer.SeedWeights)]);
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<long, float[]> Units(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Call<IReadOnlyDictionary<long, float[]>>(async search =>
        {
            // One call per shard where the shards hold genre vectors (their rows carry the unit vectors too), else one per id.
            var distinct = ids.Distinct().ToList();
            if (distinct.Count > 0 && await search.GenreTracksAsync(distinct).ConfigureAwait(false) is { } found)
            {
                return found.Tracks.ToDictionary(t => t.Id, t => t.Unit);
            }

            var vectors = await Task.WhenAll(distinct.Select(search.VectorAsync)).ConfigureAwait(false);
            return distinct.Zip(vectors).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
        });
    }

    /// <inheritdoc />
    public SharedHybridHits? HybridSimilar(long id, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return Call(async search =>
        {
            if (await search.GenreTracksAsync([id]).ConfigureAwait(false) is not { } found)
            {
                return null;
            }

            if (found.Tracks.Count == 0)
            {
                return new SharedHybridHits(null, [id]);
            }

            var content = HybridContent.Of(search, found, [(id, 1f)], [id], []);
            return content is null ? null : new SharedHybridHits([.. (await content.Best(null, k).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))], [id]);
        });
    }

    /// <inheritdoc />
    public SharedHybridHits? HybridForUser(long userId, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return Call(async search =>
        {
            var model = Model(search);
            var cf = await model.Hybrid(search.Spec, new CfQuery { UserId = userId }).ConfigureAwait(false);
            var seeds = cf.SeedIds.Zip(cf.SeedWeights).ToList();
            if (!seeds.Any(s => s.Second > 0) || await search.GenreTracksAsync(cf.SeedIds).ConfigureAwait(false) is not { } found)
            {
                return null;
            }

            var content = HybridContent.Of(search, found, seeds, cf.Known, cf.Scored ? cf.Ids : []);
            if (content is null)
            {
                return null;
            }

            var part = cf.Scored ? new HybridContent.CfPart(cf, HybridMerge.CfWeight(cf.Known.Length, Timbre.Recommendation.Recommenders.HybridOptions.Default), ids => model.Support(search.Spec, ids)) : null;
            return new SharedHybridHits([.. (await content.Best(part, k).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))], cf.SeedIds);
        });
    }

    /// <summary>What the index's collaborative grain holds now (fits, users, memory).</summary>
    public Task<CfInfo> CollaborativeInfoAsync() => Volatile.Read(ref _search) is { } search
        ? Model(search).Info()
        : throw new SharedIndexUnavailableException("The cluster is not reachable.");

    private static ICollaborativeGrain Model(ShardedSearch search) => search.Grains.GetGrain<ICollaborativeGrain>(CollaborativeKeys.Of(search.Spec));
}
