using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Playlists;

/// <summary>
/// What the playlist walks (<see cref="PlaylistBuilder.PathAsync"/>, <see cref="Radio"/>) read: each track's stored
/// unit vector, the nearest tracks to a target vector and each track's artist. A snapshot gives it in process
/// (<see cref="ContextPlaylistSpace"/>: every call completes at once, on the caller's thread); the cluster's shards
/// give it one awaited sharded search per step, and a cancelled token stops the walk before its next call.
/// </summary>
public interface IPlaylistSpace
{
    /// <summary>Tracks in the space.</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored (normalised) vector of track <paramref name="id"/>, or null when the space does not hold it.</summary>
    ValueTask<float[]?> VectorAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="k"/> nearest tracks to <paramref name="target"/> by cosine, best first (ties by lower id), none of <paramref name="exclude"/>.</summary>
    ValueTask<IReadOnlyList<long>> NearestAsync(float[] target, int k, IReadOnlySet<long> exclude, CancellationToken cancellationToken = default);

    /// <summary>The track's artist as the catalog holds it ("" when unknown).</summary>
    ValueTask<string> ArtistAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>The playlist space of a snapshot: its neighbour index (exact, or the approximate graph from its threshold) and its tracks.</summary>
/// <param name="context">The snapshot.</param>
public sealed class ContextPlaylistSpace(RecommendationContext context) : IPlaylistSpace
{
    /// <inheritdoc />
    public ValueTask<int> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(context.Tracks.Count);

    /// <inheritdoc />
    public ValueTask<float[]?> VectorAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = context.RowOf(id);
        return ValueTask.FromResult(row < 0 ? null : context.Index.VectorAt(row).ToArray());
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<long>> NearestAsync(float[] target, int k, IReadOnlySet<long> exclude, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<long>>([.. context.Neighbours.Search(target, k, exclude).Select(h => h.Id)]);

    /// <inheritdoc />
    public ValueTask<string> ArtistAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = context.RowOf(id);
        return ValueTask.FromResult(row < 0 ? "" : context.Tracks[row].Artist);
    }
}
