using Timbre.Recommendation.Playlists;

namespace Timbre.App.SharedIndex;

/// <summary>
/// A playlist space over a shared index: each step's nearest tracks are one awaited sharded exact search, vectors
/// come from the shards that hold them, artists from the catalog (<paramref name="artistOf"/>). Equal to the
/// snapshot's space wherever the snapshot searches exactly (below the approximate-graph threshold). Kept for one
/// request (one walk at a time): the index's size and the artists read are cached.
/// </summary>
/// <param name="index">The shared index.</param>
/// <param name="artistOf">A track's artist from the catalog (null when unknown).</param>
public sealed class SharedPlaylistSpace(ISharedPlaylistIndex index, Func<long, CancellationToken, Task<string?>> artistOf) : IPlaylistSpace
{
    private readonly Dictionary<long, string> _artists = [];
    private int? _count;

    /// <summary>Sharded searches made so far (one per walk step, more when the radio skips recent artists).</summary>
    public int Searches { get; private set; }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default) =>
        _count ??= await index.CountAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<float[]?> VectorAsync(long id, CancellationToken cancellationToken = default) =>
        (await index.VectorsAsync([id], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(id);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<long>> NearestAsync(float[] target, int k, IReadOnlySet<long> exclude, CancellationToken cancellationToken = default)
    {
        Searches++;
        return [.. (await index.SearchAsync(target, k, [.. exclude], cancellationToken).ConfigureAwait(false)).Select(h => h.Id)];
    }

    /// <inheritdoc />
    public async ValueTask<string> ArtistAsync(long id, CancellationToken cancellationToken = default)
    {
        if (!_artists.TryGetValue(id, out var artist))
        {
            artist = await artistOf(id, cancellationToken).ConfigureAwait(false) ?? "";
            _artists[id] = artist;
        }

        return artist;
    }
}
