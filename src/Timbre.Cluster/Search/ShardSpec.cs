namespace Timbre.Cluster.Search;

/// <summary>
/// Which index a shard belongs to: the catalog, the analysis set the snapshot is loaded for (as
/// <c>timbre recommend</c> loads it: null model = the stored embedding space or the largest set), and the shard count.
/// Track <c>id</c> lives in shard <see cref="ShardOf"/>(id, count).
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.ShardSpec")]
public sealed record ShardSpec
{
    /// <summary>Largest shard count.</summary>
    public const int MaxShards = 4096;

    /// <summary>The catalog address every silo opens.</summary>
    [Id(0)] public string Catalog { get; init; } = "";

    /// <summary>The analysis set's model id, or null (the catalog's default set, as every reader chooses it).</summary>
    [Id(1)] public string? ModelId { get; init; }

    /// <summary>The set's feature version, or null (newest).</summary>
    [Id(2)] public int? FeatureVersion { get; init; }

    /// <summary>Shards the index is cut into (1 to <see cref="MaxShards"/>). Default 12.</summary>
    [Id(3)] public int Count { get; init; } = 12;

    /// <summary>The shard of a track: a 64-bit mix of its id (SplitMix64 finaliser) modulo <paramref name="count"/>.</summary>
    public static int ShardOf(long id, int count)
    {
        var z = unchecked((ulong)id + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z % (ulong)count);
    }

    /// <summary>The grain key of shard <paramref name="shard"/>: the spec's hash (never the catalog address, which may hold a password), set and shard.</summary>
    public string GrainKey(int shard)
    {
        var catalog = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Catalog)))[..16];
        return $"{catalog}/{ModelId ?? "*"}@{FeatureVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"}/{shard}of{Count}";
    }

    /// <summary>The grain key of the index's mutual-proximity sample (<see cref="IProximitySampleGrain"/>).</summary>
    public string ProximityKey() => GrainKey(0) + "/proximity";

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public ShardSpec Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Catalog, nameof(Catalog));
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, MaxShards, nameof(Count));
        return this;
    }
}

/// <summary>One hit of a shard: a track and its score (higher is closer).</summary>
[GenerateSerializer, Immutable, Alias("timbre.ShardHit")]
public readonly record struct ShardHit([property: Id(0)] long Id, [property: Id(1)] float Score);

/// <summary>What a shard holds and where.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ShardInfo")]
public sealed record ShardInfo
{
    /// <summary>The shard's index.</summary>
    [Id(0)] public int Shard { get; init; }

    /// <summary>Tracks held.</summary>
    [Id(1)] public int Rows { get; init; }

    /// <summary>Vector dimension.</summary>
    [Id(2)] public int Dimension { get; init; }

    /// <summary>The silo holding the shard.</summary>
    [Id(3)] public string Silo { get; init; } = "";

    /// <summary>The silo process's resident memory (working set) when the info was taken, in bytes.</summary>
    [Id(4)] public long SiloWorkingSet { get; init; }

    /// <summary>The silo process's managed heap (GC.GetTotalMemory) when the info was taken, in bytes.</summary>
    [Id(5)] public long SiloManagedBytes { get; init; }

    /// <summary>Searches this shard answered since it was activated (<see cref="IIndexShardGrain.Search"/> and the proximity search).</summary>
    [Id(6)] public long Searches { get; init; }

    /// <summary>The slowest of those searches inside the shard (the scan only: no queueing, no messaging), in milliseconds.</summary>
    [Id(7)] public double SearchMaxMs { get; init; }

    /// <summary>Their total time inside the shard, in milliseconds.</summary>
    [Id(8)] public double SearchTotalMs { get; init; }

    /// <summary>The silo process's thread-pool threads when the info was taken (a pool that grew past the cores was starved).</summary>
    [Id(9)] public int SiloThreadPoolThreads { get; init; }

    /// <summary>The silo process's total GC pause time since it started (GC.GetTotalPauseDuration), in milliseconds.</summary>
    [Id(10)] public double SiloGcPauseMs { get; init; }

    /// <summary>The silo process's full (generation 2) collections since it started.</summary>
    [Id(11)] public int SiloGen2Collections { get; init; }

    /// <summary>Bytes of vectors held (rows × dimension × 4).</summary>
    public long VectorBytes => (long)Rows * Dimension * sizeof(float);
}
