using Timbre.Recommendation.Playlists;

namespace Timbre.App.SharedIndex;

/// <summary>
/// A playlist space over a shared index: each step's nearest tracks are one sharded exact search, vectors come from
/// the shards that hold them, artists from the catalog (<paramref name="artistOf"/>). Equal to the snapshot's
/// space wherever the snapshot searches exactly (below the approximate-graph threshold). Kept for one request: the
/// index's size and the artists read are cached.
/// </summary>
/// <param name="index">The shared index.</param>
/// <param name="artistOf">A track's artist from the catalog (null when unknown).</param>
public sealed class SharedPlaylistSpace(ISharedPlaylistIndex index, Func<long, string?> artistOf) : IPlaylistSpace
{
    private readonly Dictionary<long, string> _artists = [];
    private int? _count;

    /// <summary>Sharded searches made so far (one per walk step, more when the radio skips recent artists).</summary>
    public int Searches { get; private set; }

    /// <inheritdoc />
    public int Count => _count ??= index.Count();

    /// <inheritdoc />
    public float[]? Vector(long id) => index.Vectors([id]).GetValueOrDefault(id);

    /// <inheritdoc />
    public IReadOnlyList<long> Nearest(float[] target, int k, IReadOnlySet<long> exclude)
    {
        Searches++;
        return [.. index.Search(target, k, [.. exclude]).Select(h => h.Id)];
    }

    /// <inheritdoc />
    public string Artist(long id)
    {
        if (!_artists.TryGetValue(id, out var artist))
        {
            artist = artistOf(id) ?? "";
            _artists[id] = artist;
        }

        return artist;
    }
}
