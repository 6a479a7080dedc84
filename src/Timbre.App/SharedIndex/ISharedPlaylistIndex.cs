namespace Timbre.App.SharedIndex;

/// <summary>
/// What the playlist journeys (the sonic path, radio, "more like these") and library pages need from a shared index,
/// so a web server answers them without its snapshot: plain exact cosine neighbours of any vector, the stored vectors
/// of some tracks, the index's size, and the model's predicted genre of some tracks. Members throw
/// <see cref="SharedIndexUnavailableException"/> when the index cannot be reached. The playlist calls are awaited as
/// <see cref="ISharedIndex"/>'s: a cancelled token (an abandoned request) stops waiting and starts no further call.
/// </summary>
public interface ISharedPlaylistIndex
{
    /// <summary>
    /// The <paramref name="k"/> nearest tracks to <paramref name="target"/> by cosine (no re-ranking), best first (ties
    /// by lower id), none of <paramref name="exclude"/>: the single-node exact index's answer.
    /// </summary>
    Task<IReadOnlyList<SharedHit>> SearchAsync(float[] target, int k, IReadOnlyCollection<long> exclude, CancellationToken cancellationToken = default);

    /// <summary>The stored (normalised) vectors of those of <paramref name="ids"/> the index holds.</summary>
    Task<IReadOnlyDictionary<long, float[]>> VectorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Method 1's ranking for several catalog seeds of weight 1, as the single node scores it (the mean of their
    /// cosines, re-ranked by mutual proximity where the index's fitted space asks for it): at least the
    /// <paramref name="k"/> best candidates, best first (ties by lower id), the seeds themselves possibly among them
    /// (the caller filters), each with its cosine to the seeds' mean direction. Null when a seed is not in the index.
    /// </summary>
    Task<IReadOnlyList<SharedHit>?> SimilarToSeedsAsync(IReadOnlyList<long> seeds, int k, CancellationToken cancellationToken = default);

    /// <summary>Tracks in the index.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
