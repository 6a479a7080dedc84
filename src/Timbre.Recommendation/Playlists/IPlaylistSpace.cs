using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Playlists;

/// <summary>
/// What the playlist walks (<see cref="PlaylistBuilder.Path"/>, <see cref="Radio"/>) read: each track's stored unit
/// vector, the nearest tracks to a target vector and each track's artist. A snapshot gives it in process
/// (<see cref="ContextPlaylistSpace"/>); the cluster's shards give it one sharded search per step.
/// </summary>
public interface IPlaylistSpace
{
    /// <summary>Tracks in the space.</summary>
    int Count { get; }

    /// <summary>The stored (normalised) vector of track <paramref name="id"/>, or null when the space does not hold it.</summary>
    float[]? Vector(long id);

    /// <summary>The <paramref name="k"/> nearest tracks to <paramref name="target"/> by cosine, best first (ties by lower id), none of <paramref name="exclude"/>.</summary>
    IReadOnlyList<long> Nearest(float[] target, int k, IReadOnlySet<long> exclude);

    /// <summary>The track's artist as the snapshot holds it ("" when unknown).</summary>
    string Artist(long id);
}

/// <summary>The playlist space of a snapshot: its neighbour index (exact, or the approximate graph from its threshold) and its tracks.</summary>
/// <param name="context">The snapshot.</param>
public sealed class ContextPlaylistSpace(RecommendationContext context) : IPlaylistSpace
{
    /// <inheritdoc />
    public int Count => context.Tracks.Count;

    /// <inheritdoc />
    public float[]? Vector(long id)
    {
        var row = context.RowOf(id);
        return row < 0 ? null : context.Index.VectorAt(row).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Nearest(float[] target, int k, IReadOnlySet<long> exclude) =>
        [.. context.Neighbours.Search(target, k, exclude).Select(h => h.Id)];

    /// <inheritdoc />
    public string Artist(long id)
    {
        var row = context.RowOf(id);
        return row < 0 ? "" : context.Tracks[row].Artist;
    }
}
