using Timbre.Cluster.Search;

namespace Timbre.Cluster.Collaborative;

/// <summary>
/// The collaborative model of one sharded index (key <see cref="CollaborativeKeys.Of"/>): user-kNN fitted over every
/// user's interactions with the tracks the index holds, read from the catalog by the silo that holds the grain and
/// fitted again when the catalog's change feed says something was committed (checked at most once per
/// <see cref="CfQuery.ChangeCheck"/>). The web front-ends ask it for one user's scores instead of loading the snapshot.
/// </summary>
[Alias("timbre.ICollaborativeGrain")]
public interface ICollaborativeGrain : IGrainWithStringKey
{
    /// <summary>One user's user-kNN scores, the best first (see <see cref="CfAnswer"/>).</summary>
    [Alias("UserKnn")]
    [ResponseTimeout("00:10:00")]
    Task<CfAnswer> UserKnn(ShardSpec spec, CfQuery query);

    /// <summary>One user's collaborative half of the hybrid method (see <see cref="CfHybrid"/>).</summary>
    [Alias("Hybrid")]
    [ResponseTimeout("00:10:00")]
    Task<CfHybrid> Hybrid(ShardSpec spec, CfQuery query);

    /// <summary>How many users touched each track (any weight): the hybrid method's item support.</summary>
    [Alias("Support")]
    [ResponseTimeout("00:10:00")]
    Task<int[]> Support(ShardSpec spec, long[] ids);

    /// <summary>What the grain holds now (users, tracks, weights, fits, memory).</summary>
    [Alias("Info")]
    Task<CfInfo> Info();
}

/// <summary>The grain key of an index's collaborative model.</summary>
public static class CollaborativeKeys
{
    /// <summary>The index's key (<see cref="ShardSpec.GrainKey"/> of shard 0) with "/collaborative".</summary>
    public static string Of(ShardSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.GrainKey(0) + "/collaborative";
    }
}

/// <summary>A user-kNN request.</summary>
[GenerateSerializer, Immutable, Alias("timbre.CfQuery")]
public sealed record CfQuery
{
    /// <summary>The catalog user id.</summary>
    [Id(0)] public long UserId { get; init; }

    /// <summary>How many of the best scored tracks to return (the user's known tracks left out).</summary>
    [Id(1)] public int K { get; init; } = 10;

    /// <summary>The change feed is checked at most this often; default 1 s (the web servers' own interval).</summary>
    [Id(2)] public TimeSpan ChangeCheck { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A change is fitted inside the call (the answer includes it) while the last fit took at most this long; after a
    /// longer one the grain fits in the background and answers from the previous model meanwhile. Default 2 s.
    /// </summary>
    [Id(4)] public TimeSpan WaitForFit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When a fit happens, collect garbage before and after it to measure the model (<see cref="CfInfo.HeapAfter"/>); default false.</summary>
    [Id(3)] public bool MeasureMemory { get; init; }
}

/// <summary>One user's user-kNN answer.</summary>
[GenerateSerializer, Immutable, Alias("timbre.CfAnswer")]
public sealed record CfAnswer
{
    /// <summary>False when the recommender cannot score the user (unknown, or no non-zero weight): an empty list.</summary>
    [Id(0)] public bool Scored { get; init; }

    /// <summary>The best tracks by score (ties to the lower id), none the user touched.</summary>
    [Id(1)] public long[] Ids { get; init; } = [];

    /// <summary>Their scores.</summary>
    [Id(2)] public float[] Scores { get; init; } = [];

    /// <summary>How many tracks had a score and were not known to the user (more than <see cref="Ids"/> when cut at k).</summary>
    [Id(3)] public int Candidates { get; init; }

    /// <summary>The user's tracks with a non-zero weight (the selector's seeds), in id order.</summary>
    [Id(4)] public long[] SeedIds { get; init; } = [];

    /// <summary>Their weights.</summary>
    [Id(5)] public float[] SeedWeights { get; init; } = [];
}

/// <summary>What a collaborative grain holds.</summary>
[GenerateSerializer, Immutable, Alias("timbre.CfInfo")]
public sealed record CfInfo
{
    /// <summary>Users with an interaction.</summary>
    [Id(0)] public int Users { get; init; }

    /// <summary>Tracks with a non-zero weight.</summary>
    [Id(1)] public int Items { get; init; }

    /// <summary>Non-zero weights held.</summary>
    [Id(2)] public long Weights { get; init; }

    /// <summary>Fits since activation.</summary>
    [Id(3)] public int Fits { get; init; }

    /// <summary>The silo's managed heap before the last measured fit read anything (the previous model released), in bytes; 0 when none was measured.</summary>
    [Id(4)] public long HeapBefore { get; init; }

    /// <summary>The silo's managed heap after that fit (the model held, the raw interactions released), in bytes.</summary>
    [Id(5)] public long HeapAfter { get; init; }

    /// <summary>The last fit's wall time, in milliseconds.</summary>
    [Id(6)] public double FitMs { get; init; }
}

/// <summary>
/// One user's collaborative half of <c>HybridRecommender</c>: the user-kNN scores standardised over every scored track
/// and shrunk by each track's support (z'_cf), their lowest z (what a track others touched but this user's CF cannot
/// score gets), the user's known tracks and seeds.
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.CfHybrid")]
public sealed record CfHybrid
{
    /// <summary>False when user-kNN cannot score the user (the hybrid's CF part is then absent).</summary>
    [Id(0)] public bool Scored { get; init; }

    /// <summary>The scored tracks the user does not know.</summary>
    [Id(1)] public long[] Ids { get; init; } = [];

    /// <summary>Their z'_cf = z · m_i / (m_i + K_i).</summary>
    [Id(2)] public float[] Shrunk { get; init; } = [];

    /// <summary>The lowest z over every scored track (NaN when none is finite).</summary>
    [Id(3)] public float Floor { get; init; } = float.NaN;

    /// <summary>Every held track the user touched (zero weights included).</summary>
    [Id(4)] public long[] Known { get; init; } = [];

    /// <summary>The user's tracks with a non-zero weight, in id order.</summary>
    [Id(5)] public long[] SeedIds { get; init; } = [];

    /// <summary>Their weights.</summary>
    [Id(6)] public float[] SeedWeights { get; init; } = [];
}
