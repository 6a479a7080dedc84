using System.Numerics.Tensors;

namespace Timbre.Recommendation.Playlists;

/// <summary>
/// Endless station from a seed: each next track is the nearest unplayed one to s·seed + (1 − s)·last, avoiding
/// recent artists; never repeats. <see cref="NextAsync"/> returns null once every track has been played. One listener's
/// station: not for several callers at once.
/// </summary>
public sealed class Radio
{
    private readonly IPlaylistSpace _space;
    private readonly RadioOptions _options;
    private readonly float[] _seed;
    private readonly HashSet<long> _played;
    private readonly List<long> _history = [];
    private readonly List<string> _artists = [];
    private float[] _last;

    internal Radio(IPlaylistSpace space, long seedId, float[] seed, string seedArtist, RadioOptions? options)
    {
        _space = space;
        _options = (options ?? RadioOptions.Default).Validate();
        _seed = seed;
        _last = seed;
        _played = [seedId];
        _history.Add(seedId);
        _artists.Add(seedArtist.Trim());
    }

    /// <summary>Track ids played so far, seed first.</summary>
    public IReadOnlyList<long> Played => [.. _history];

    /// <summary>The next track id, or null when the catalog is exhausted; a cancelled token stops before the next search.</summary>
    public async Task<long?> NextAsync(CancellationToken cancellationToken = default)
    {
        var target = new float[_seed.Length];
        TensorPrimitives.Multiply(_seed, _options.SeedWeight, target);
        TensorPrimitives.MultiplyAdd(_last, 1 - _options.SeedWeight, target, target);
        var recentArtists = _artists.TakeLast(_options.ArtistSeparation)
            .Where(a => a.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exclude = new HashSet<long>(_played);
        var count = await _space.CountAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hits = await _space.NearestAsync(target, 16, exclude, cancellationToken).ConfigureAwait(false);
            if (hits.Count == 0)
            {
                return null;
            }

            foreach (var id in hits)
            {
                var artist = (await _space.ArtistAsync(id, cancellationToken).ConfigureAwait(false)).Trim();
                if (!recentArtists.Contains(artist) || exclude.Count >= count - 1)
                {
                    var last = await _space.VectorAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"Track {id} left the playlist space while the radio played.");
                    _played.Add(id);
                    _history.Add(id);
                    _artists.Add(artist);
                    _last = last;
                    return id;
                }

                exclude.Add(id);
            }

            if (exclude.Count >= count)
            {
                recentArtists.Clear(); // only recent artists remain: relax the separation rather than stop
                exclude = new HashSet<long>(_played);
            }
        }
    }
}
