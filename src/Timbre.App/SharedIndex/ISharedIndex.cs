namespace Timbre.App.SharedIndex;

/// <summary>
/// A similarity index held outside this process (the cluster's shards, <c>timbre serve --cluster</c>): exact cosine
/// neighbours of catalog tracks in the same embedding the single-node readers load, re-ranked by mutual proximity
/// where the single-node method 1 re-ranks, so a web server can answer similar-song searches without holding the
/// whole index. Calls that reach the index are asynchronous: a request thread never waits for the shards, and a
/// cancelled token (an abandoned request) stops waiting and starts no further call.
/// </summary>
public interface ISharedIndex
{
    /// <summary>
    /// The <paramref name="k"/> nearest tracks to track <paramref name="id"/>, never itself, best first (score
    /// descending, ties by lower id); null when the index does not hold the track. Throws
    /// <see cref="SharedIndexUnavailableException"/> when the index cannot be reached.
    /// </summary>
    Task<IReadOnlyList<SharedHit>?> NearestAsync(long id, int k, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> nearest tracks to <paramref name="vector"/> (a file outside the catalog, in the
    /// index's embedding), best first. Throws <see cref="SharedIndexUnavailableException"/> as <see cref="NearestAsync"/>.
    /// </summary>
    Task<IReadOnlyList<SharedHit>> NearestToAsync(float[] vector, int k, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the index answers now (connected, a cheap call answered within a short timeout); never throws but an
    /// <see cref="OperationCanceledException"/> for a cancelled <paramref name="cancellationToken"/>.
    /// </summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);
}

/// <summary>One neighbour: a track, the score it is ranked by, and its cosine to the query.</summary>
/// <param name="Id">Track id.</param>
/// <param name="Score">Mutual proximity when the index's fitted space re-ranks by it, else cosine similarity (higher is closer).</param>
public readonly record struct SharedHit(long Id, float Score)
{
    /// <summary>Cosine similarity to the query (the near-duplicate test reads it); equal to <see cref="Score"/> unless re-ranked.</summary>
    public float Cosine { get; init; } = Score;
}

/// <summary>The shared index did not answer (the cluster is down or unreachable).</summary>
public sealed class SharedIndexUnavailableException(string message, Exception? inner = null)
    : Timbre.Core.Errors.TimbreException(message, inner);
