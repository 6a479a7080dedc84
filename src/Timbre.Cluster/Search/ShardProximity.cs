namespace Timbre.Cluster.Search;

/// <summary>
/// The mutual-proximity sample of a sharded index (what <c>MutualProximity</c> over the single-node index draws): the
/// same seeded positions among every shard's ids in id order, and those tracks' unit vectors.
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.ProximitySample")]
public sealed record ProximitySample
{
    /// <summary>The sample's track ids, in sample order.</summary>
    [Id(0)] public long[] Ids { get; init; } = [];

    /// <summary>Their unit vectors one after another, in sample order.</summary>
    [Id(1)] public float[] Vectors { get; init; } = [];

    /// <summary>Vector length.</summary>
    [Id(2)] public int Dimension { get; init; }

    /// <summary>Tracks in the whole index when the sample was drawn.</summary>
    [Id(3)] public int IndexCount { get; init; }
}

/// <summary>The mutual-proximity options an index uses (from its fitted space), as plain values for the wire.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ProximitySettings")]
public sealed record ProximitySettings
{
    /// <summary>Sample size.</summary>
    [Id(0)] public int SampleSize { get; init; }

    /// <summary>Candidates re-ranked per query.</summary>
    [Id(1)] public int Candidates { get; init; }

    /// <summary>Seed of the sample's choice.</summary>
    [Id(2)] public int Seed { get; init; }

    /// <summary>Of the options record.</summary>
    public static ProximitySettings Of(Timbre.Recommendation.Hubness.MutualProximityOptions o) =>
        new() { SampleSize = o.SampleSize, Candidates = o.Candidates, Seed = o.Seed };

    /// <summary>As the options record.</summary>
    public Timbre.Recommendation.Hubness.MutualProximityOptions Options =>
        new() { SampleSize = SampleSize, Candidates = Candidates, Seed = Seed };
}

/// <summary>
/// A shard's candidate for a re-ranked query: its cosine score from the index, the query's dot product with its unit
/// vector as the single-node re-ranking computes it, and its distance moments (zero when the index does not re-rank).
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.ProximityHit")]
public readonly record struct ProximityHit(
    [property: Id(0)] long Id, [property: Id(1)] float Score, [property: Id(2)] float Dot, [property: Id(3)] double Mean, [property: Id(4)] double Std);

/// <summary>One shard's answer to <see cref="IIndexShardGrain.SearchProximity"/>.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ProximityAnswer")]
public sealed record ProximityAnswer
{
    /// <summary>The shard's best candidates by cosine, best first.</summary>
    [Id(0)] public ProximityHit[] Hits { get; init; } = [];

    /// <summary>Candidates the whole index re-ranks for this query (0: the index does not re-rank; plain cosine).</summary>
    [Id(1)] public int Depth { get; init; }

    /// <summary>The query's distance moments, from the shard holding the query track (shard 0 for a vector from outside).</summary>
    [Id(2)] public double? QueryMean { get; init; }

    /// <summary>See <see cref="QueryMean"/>.</summary>
    [Id(3)] public double? QueryStd { get; init; }
}
