using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Playlists;

/// <summary>Playlists through embedding space.</summary>
public sealed class PlaylistBuilder
{
    private readonly IPlaylistSpace _space;

    /// <summary>Creates the builder over a snapshot.</summary>
    public PlaylistBuilder(RecommendationContext context)
        : this(new ContextPlaylistSpace(context))
    {
    }

    /// <summary>Creates the builder over any playlist space (the cluster's shards: one awaited sharded search per step).</summary>
    public PlaylistBuilder(IPlaylistSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
    }

    /// <summary>
    /// A smooth path of <paramref name="count"/> tracks (≥ 2) from <paramref name="fromId"/> to <paramref name="toId"/>:
    /// step i targets the normalised interpolation (1 − t)·a + t·b, t = i/(count − 1), and takes the nearest track
    /// not used yet. The first and last tracks are the endpoints. A cancelled token stops the walk before its next
    /// search.
    /// </summary>
    public async Task<IReadOnlyList<long>> PathAsync(long fromId, long toId, int count, CancellationToken cancellationToken = default)
    {
        if (count < 2)
        {
            throw new RecommendationException($"A path needs at least 2 tracks, got {count}.");
        }

        var a = await VectorOfAsync(fromId, cancellationToken).ConfigureAwait(false);
        var b = await VectorOfAsync(toId, cancellationToken).ConfigureAwait(false);
        var used = new HashSet<long> { fromId, toId };
        var result = new List<long> { fromId };
        var target = new float[a.Length];
        for (var i = 1; i < count - 1; i++)
        {
            var t = (float)i / (count - 1);
            TensorPrimitives.Multiply(a, 1 - t, target);
            TensorPrimitives.MultiplyAdd(b, t, target, target);
            cancellationToken.ThrowIfCancellationRequested();
            var hits = await _space.NearestAsync(target, 1, used, cancellationToken).ConfigureAwait(false);
            long? next = hits.Count == 0 ? null : hits[0];
            if (next is null)
            {
                break;
            }

            result.Add(next.Value);
            used.Add(next.Value);
        }

        result.Add(toId);
        return result;
    }

    /// <summary>Starts a radio from a seed track (see <see cref="Radio"/>).</summary>
    public async Task<Radio> RadioAsync(long seedId, RadioOptions? options = null, CancellationToken cancellationToken = default)
    {
        var seed = await VectorOfAsync(seedId, cancellationToken).ConfigureAwait(false);
        var artist = await _space.ArtistAsync(seedId, cancellationToken).ConfigureAwait(false);
        return new Radio(_space, seedId, seed, artist, options);
    }

    private async Task<float[]> VectorOfAsync(long id, CancellationToken cancellationToken) =>
        await _space.VectorAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new RecommendationException($"Track {id} is not in the catalog snapshot.");
}
