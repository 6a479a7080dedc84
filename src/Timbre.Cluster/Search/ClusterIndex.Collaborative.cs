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
            var distinct = ids.Distinct().ToList();
            var vectors = await Task.WhenAll(distinct.Select(search.VectorAsync)).ConfigureAwait(false);
            return distinct.Zip(vectors).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
        });
    }

    /// <summary>What the index's collaborative grain holds now (fits, users, memory).</summary>
    public Task<CfInfo> CollaborativeInfoAsync() => Volatile.Read(ref _search) is { } search
        ? Model(search).Info()
        : throw new SharedIndexUnavailableException("The cluster is not reachable.");

    private static ICollaborativeGrain Model(ShardedSearch search) => search.Grains.GetGrain<ICollaborativeGrain>(CollaborativeKeys.Of(search.Spec));
}
