using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Playlists;

/// <summary>
/// Endless station from a seed: each next track is the nearest unplayed one to s·seed + (1 − s)·last, avoiding
/// recent artists; never repeats. <see cref="Next"/> returns null once every track has been played.
/// </summary>
public sealed class Radio
{
    private readonly RecommendationContext _context;
    private readonly RadioOptions _options;
    private readonly int _seedRow;
    private readonly HashSet<long> _played;
    private readonly List<int> _history = [];

    internal Radio(RecommendationContext context, int seedRow, RadioOptions? options)
    {
        _context = context;
        _options = (options ?? RadioOptions.Default).Validate();
        _seedRow = seedRow;
        _played = [context.Tracks[seedRow].Id];
        _history.Add(seedRow);
    }

    /// <summary>Track ids played so far, seed first.</summary>
    public IReadOnlyList<long> Played => _history.Select(r => _context.Tracks[r].Id).ToList();

    /// <summary>The next track id, or null when the catalog is exhausted.</summary>
    public long? Next()
    {
        var index = _context.Index;
        var target = new float[index.Dimension];
        TensorPrimitives.Multiply(index.VectorAt(_seedRow), _options.SeedWeight, target);
        TensorPrimitives.MultiplyAdd(index.VectorAt(_history[^1]), 1 - _options.SeedWeight, target, target);
        var recentArtists = _history.TakeLast(_options.ArtistSeparation)
            .Select(r => _context.Tracks[r].Artist.Trim())
            .Where(a => a.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exclude = new HashSet<long>(_played);
        while (true)
        {
            var hits = _context.Neighbours.Search(target, 16, exclude);
            if (hits.Count == 0)
            {
                return null;
            }

            foreach (var hit in hits)
            {
                if (!recentArtists.Contains(_context.Tracks[hit.Row].Artist.Trim()) || exclude.Count >= _context.Tracks.Count - 1)
                {
                    _played.Add(hit.Id);
                    _history.Add(hit.Row);
                    return hit.Id;
                }

                exclude.Add(hit.Id);
            }

            if (exclude.Count >= _context.Tracks.Count)
            {
                recentArtists.Clear(); // only recent artists remain: relax the separation rather than stop
                exclude = new HashSet<long>(_played);
            }
        }
    }
}
