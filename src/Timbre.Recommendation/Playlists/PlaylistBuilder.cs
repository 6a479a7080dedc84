using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Playlists;

/// <summary>Playlists through embedding space.</summary>
public sealed class PlaylistBuilder
{
    private readonly RecommendationContext _context;

    /// <summary>Creates the builder over a snapshot.</summary>
    public PlaylistBuilder(RecommendationContext context) => _context = context;

    /// <summary>
    /// A smooth path of <paramref name="count"/> tracks (≥ 2) from <paramref name="fromId"/> to <paramref name="toId"/>:
    /// step i targets the normalised interpolation (1 − t)·a + t·b, t = i/(count − 1), and takes the nearest track
    /// not used yet (and not a near-duplicate of one used). The first and last tracks are the endpoints.
    /// </summary>
    public IReadOnlyList<long> Path(long fromId, long toId, int count)
    {
        if (count < 2)
        {
            throw new RecommendationException($"A path needs at least 2 tracks, got {count}.");
        }

        var a = Row(fromId);
        var b = Row(toId);
        var index = _context.Index;
        var used = new HashSet<long> { fromId, toId };
        var result = new List<long> { fromId };
        var target = new float[index.Dimension];
        for (var i = 1; i < count - 1; i++)
        {
            var t = (float)i / (count - 1);
            TensorPrimitives.Multiply(index.VectorAt(a), 1 - t, target);
            TensorPrimitives.MultiplyAdd(index.VectorAt(b), t, target, target);
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
    public Radio Radio(long seedId, RadioOptions? options = null) => new(_context, Row(seedId), options);

    internal long? Nearest(ReadOnlySpan<float> target, IReadOnlySet<long> used)
    {
        var hits = _context.Neighbours.Search(target, 1, used);
        return hits.Count == 0 ? null : hits[0].Id;
    }

    private int Row(long id)
    {
        var row = _context.RowOf(id);
        return row >= 0 ? row : throw new RecommendationException($"Track {id} is not in the catalog snapshot.");
    }
}
