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
    SharedCfHits UserKnn(long userId, int k);

    /// <summary>The unit embeddings of those of <paramref name="ids"/> the index holds.</summary>
    IReadOnlyDictionary<long, float[]> Units(IReadOnlyCollection<long> ids);
}

/// <summary>A user's user-kNN answer from a shared index.</summary>
/// <param name="Scored">False when the recommender cannot score the user (unknown, or no non-zero weight).</param>
/// <param name="Hits">The best tracks, the user's known ones left out.</param>
/// <param name="Candidates">How many scored tracks the user does not know (more than the hits when cut at k).</param>
/// <param name="Seeds">The user's tracks with a non-zero folded weight, in id order.</param>
public sealed record SharedCfHits(bool Scored, IReadOnlyList<SharedHit> Hits, int Candidates, IReadOnlyList<(long Id, float Weight)> Seeds);
