namespace Timbre.App.SharedIndex;

/// <summary>
/// The collaborative journeys of a shared index: user-kNN (the web API's <c>cf</c>) fitted in the cluster over every
/// user's interactions with the tracks the index holds, so a web server answers it without its snapshot. Throws
/// <see cref="SharedIndexUnavailableException"/> when the cluster cannot be reached.
/// </summary>
public interface ISharedCollaborative
{
    /// <summary>
    /// The user's <paramref name="k"/> best tracks by user-kNN (score descending, ties by lower id), none the user
    /// touched, and the user's seeds; <see cref="SharedCfHits.Scored"/> is false when user-kNN cannot score the user.
    /// </summary>
    Task<SharedCfHits> UserKnnAsync(long userId, int k, CancellationToken cancellationToken = default);

    /// <summary>
    /// The hybrid method's best <paramref name="k"/> tracks for one catalog seed (content alone, as in process without
    /// a user): method 2's content scores standardised over every row, never the seed nor a near-duplicate of it.
    /// Null when the index cannot score it (no genre vectors); <see cref="SharedHybridHits.Hits"/> is null when the
    /// index does not hold the seed.
    /// </summary>
    Task<SharedHybridHits?> HybridSimilarAsync(long id, int k, CancellationToken cancellationToken = default);

    /// <summary>
    /// The hybrid method's best <paramref name="k"/> tracks for a user: content z-scores from the shards blended with
    /// the cluster's user-kNN z-scores, none the user touched nor a near-duplicate of a liked track. Null when the
    /// index cannot reproduce the in-process method for this user (no genre vectors, or no positive seed: the
    /// in-process method then ranks by CF alone or by popularity); the caller then uses its snapshot.
    /// </summary>
    Task<SharedHybridHits?> HybridForUserAsync(long userId, int k, CancellationToken cancellationToken = default);

    /// <summary>The unit embeddings of those of <paramref name="ids"/> the index holds.</summary>
    Task<IReadOnlyDictionary<long, float[]>> UnitsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}

/// <summary>A user's user-kNN answer from a shared index.</summary>
/// <param name="Scored">False when the recommender cannot score the user (unknown, or no non-zero weight).</param>
/// <param name="Hits">The best tracks, the user's known ones left out.</param>
/// <param name="Candidates">How many scored tracks the user does not know (more than the hits when cut at k).</param>
/// <param name="Seeds">The user's tracks with a non-zero folded weight, in id order.</param>
public sealed record SharedCfHits(bool Scored, IReadOnlyList<SharedHit> Hits, int Candidates, IReadOnlyList<(long Id, float Weight)> Seeds);

/// <summary>The hybrid method's answer from a shared index.</summary>
/// <param name="Hits">The best tracks by blended score, or null when the seed is not in the index.</param>
/// <param name="Seeds">The seeds (the track, or the user's tracks with a non-zero weight) whose title-and-artist keys the list must not repeat.</param>
public sealed record SharedHybridHits(IReadOnlyList<SharedHit>? Hits, IReadOnlyList<long> Seeds);
