using Timbre.Recommendation.Recommenders;

namespace Timbre.App.SharedIndex;

/// <summary>
/// The genre journeys of a shared index (the cluster's shards hold each track's genre vector beside its embedding):
/// method 2's similar songs and the profile method's ranking, scored where the rows are, so a web server answers
/// them without its snapshot. Every member returns null when the index holds no genre vectors (the caller then uses
/// its snapshot) and throws <see cref="SharedIndexUnavailableException"/> when the index cannot be reached.
/// </summary>
public interface ISharedGenreIndex
{
    /// <summary>
    /// Method 2 for one catalog seed, as <see cref="GenreAwareRecommender"/> ranks it with <paramref name="options"/>
    /// (boost or restrict; re-ranked by mutual proximity where method 1 is): the <paramref name="k"/> best, never the
    /// seed, each with its cosine to the seed. <see cref="SharedGenreHits.Hits"/> is null when the index does not hold the seed.
    /// </summary>
    Task<SharedGenreHits?> SimilarByGenreAsync(long id, GenreAwareOptions options, int k, CancellationToken cancellationToken = default);

    /// <summary>The index's genre labels and the unit and genre vectors of those of <paramref name="ids"/> it holds.</summary>
    Task<SharedGenreTracks?> GenreTracksAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> best tracks by the magnitude-aware Z of their genre vector against
    /// <paramref name="profile"/> (score descending, ties by lower id), none of <paramref name="exclude"/> and none within
    /// cosine distance <paramref name="duplicateDistance"/> of one of <paramref name="positives"/> (unit vectors); with
    /// <paramref name="topGenre"/> ≥ 0 only tracks of that top genre (the multicategory method's categories).
    /// </summary>
    Task<IReadOnlyList<SharedHit>?> ProfileMatchesAsync(float[] profile, IReadOnlyList<float[]> positives, float duplicateDistance, IReadOnlyCollection<long> exclude, int k, int topGenre = -1, CancellationToken cancellationToken = default);
}

/// <summary>Method 2's answer from a shared index.</summary>
/// <param name="Hits">The best tracks (score = method 2's, cosine beside it), or null when the seed is not in the index.</param>
/// <param name="SeedGenres">The seed genres' labels.</param>
public sealed record SharedGenreHits(IReadOnlyList<SharedHit>? Hits, IReadOnlyList<string> SeedGenres);

/// <summary>The genre labels of a shared index and some of its tracks' vectors.</summary>
/// <param name="Labels">The genre labels, in the order of every genre vector.</param>
/// <param name="Tracks">Per held track id: its unit embedding and its genre vector.</param>
public sealed record SharedGenreTracks(IReadOnlyList<string> Labels, IReadOnlyDictionary<long, SharedGenreTrack> Tracks);

/// <summary>One track's vectors in a shared index.</summary>
/// <param name="Unit">Its unit embedding.</param>
/// <param name="Genres">Its genre vector.</param>
public readonly record struct SharedGenreTrack(float[] Unit, float[] Genres);
