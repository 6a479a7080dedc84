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

    /// <summary>Creates the builder over any playlist space (the cluster's shards: one sharded search per step).</summary>
    public PlaylistBuilder(IPlaylistSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
    }

    /// <summary>
    /// A smooth path of <paramref name="count"/> tracks (≥ 2) from <paramref name="fromId"/> to <paramref name="toId"/>:
    /// step i targets the normalised interpolation (1 − t)·a + t·b, t = i/(count − 1), and takes the nearest track
    /// not used yet. The first and last tracks are the endpoints.
    /// </summary>
    public IReadOnlyList<long> Path(long fromId, long toId, int count)
    {
        if (count < 2)
        {
            throw new RecommendationException($"A path needs at least 2 tracks, got {count}.");
        }

        var a = VectorOf(fromId);
        var b = VectorOf(toId);
        var used = new HashSet<long> { fromId, toId };
        var result = new List<long> { fromId };
        var target = new float[a.Length];
        for (var i = 1; i < count - 1; i++)
        {
            var t = (float)i / (count - 1);
            TensorPrimitives.Multiply(a, 1 - t, target);
            TensorPrimitives.MultiplyAdd(b, t, target, target);
            var next = Nearest(target, used);
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
    public Radio Radio(long seedId, RadioOptions? options = null) => new(_space, seedId, VectorOf(seedId), options);

    internal long? Nearest(float[] target, IReadOnlySet<long> used)
    {
        var hits = _space.Nearest(target, 1, used);
        return hits.Count == 0 ? null : hits[0];
    }

    private float[] VectorOf(long id) => _space.Vector(id) ?? throw new RecommendationException($"Track {id} is not in the catalog snapshot.");
}
