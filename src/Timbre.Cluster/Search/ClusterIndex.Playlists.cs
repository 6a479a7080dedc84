using Timbre.App.SharedIndex;

namespace Timbre.Cluster.Search;

/// <summary>The playlist journeys and library pages through the shards (<see cref="ISharedPlaylistIndex"/>).</summary>
public sealed partial class ClusterIndex : ISharedPlaylistIndex
{
    /// <inheritdoc />
    /// <remarks>One call per shard; each shard's top k by the index's own kernel, merged as the exact index orders them.</remarks>
    public IReadOnlyList<SharedHit> Search(float[] target, int k, IReadOnlyCollection<long> exclude)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(exclude);
        return Call<IReadOnlyList<SharedHit>>(async search => [.. (await search.SearchAsync(target, k, exclude).ConfigureAwait(false)).Select(h => new SharedHit(h.Id, h.Score))]);
    }

    /// <inheritdoc />
    /// <remarks>One call per shard holding some of the tracks.</remarks>
    public IReadOnlyDictionary<long, float[]> Vectors(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Call(search => search.VectorsAsync(ids));
    }

    /// <inheritdoc />
    /// <remarks>One call per shard (its size; loads it if needed).</remarks>
    public int Count() => Call(async search => (await search.InfoAsync().ConfigureAwait(false)).Sum(s => s.Rows));

    /// <inheritdoc />
    /// <remarks>One call per shard holding some of the tracks.</remarks>
    public IReadOnlyDictionary<long, string>? PredictedGenres(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Call(async search =>
        {
            var parts = await search.GenreTrackAnswersAsync(ids).ConfigureAwait(false);
            if (parts.Any(p => !p.Supported || !p.FromModel))
            {
                return null;
            }

            var labels = parts[0].Labels;
            return (IReadOnlyDictionary<long, string>?)parts.SelectMany(p => p.Tracks)
                .Select(t => (t.Id, Top: ShardGenres.TopOf(t.Genres)))
                .Where(t => t.Top >= 0)
                .ToDictionary(t => t.Id, t => labels[t.Top]);
        });
    }
}
