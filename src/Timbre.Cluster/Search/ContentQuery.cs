namespace Timbre.Cluster.Search;

/// <summary>
/// A shard's half of the hybrid method's content scores (<see cref="IIndexShardGrain.SearchContent"/>): method 2's
/// <c>ScoreAll</c> without re-ranking, s = f₊ · cos(m₊, c) + f₋ · cos(m₋, c) + β · mass(c), m± the weighted mean
/// directions of the positive and negative seeds and f± the factors <c>SeedScoring</c> multiplies them by.
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.ContentQuery")]
public sealed record ContentQuery
{
    /// <summary>The positive seeds' weighted mean direction.</summary>
    [Id(0)] public float[] PositiveMean { get; init; } = [];

    /// <summary>Its factor (its norm); 0 leaves the positive part out.</summary>
    [Id(1)] public float PositiveFactor { get; init; }

    /// <summary>The negative seeds' weighted mean direction, or empty.</summary>
    [Id(2)] public float[] NegativeMean { get; init; } = [];

    /// <summary>Its factor (−push × its norm); 0 leaves the negative part out.</summary>
    [Id(3)] public float NegativeFactor { get; init; }

    /// <summary>The seed genres whose probability mass boosts a row.</summary>
    [Id(4)] public int[] SeedGenres { get; init; } = [];

    /// <summary>β of the boost.</summary>
    [Id(5)] public float Beta { get; init; }

    /// <summary>How many of the best rows by s to return.</summary>
    [Id(6)] public int K { get; init; }

    /// <summary>Track ids never returned among the best (seeds, the user's known tracks).</summary>
    [Id(7)] public long[] Exclude { get; init; } = [];

    /// <summary>Unit vectors of the positive seeds: a row within <see cref="DuplicateDistance"/> of one is not returned among the best.</summary>
    [Id(8)] public float[][] Positives { get; init; } = [];

    /// <summary>Cosine distance under which a row duplicates a positive seed.</summary>
    [Id(9)] public float DuplicateDistance { get; init; }

    /// <summary>Track ids whose s is wanted whatever their rank (the tracks the collaborative part scores).</summary>
    [Id(10)] public long[] Ids { get; init; } = [];
}

/// <summary>A shard's content scores.</summary>
[GenerateSerializer, Immutable, Alias("timbre.ContentAnswer")]
public sealed record ContentAnswer
{
    /// <summary>False when the shard holds no genre vectors (the server falls back to its snapshot).</summary>
    [Id(0)] public bool Supported { get; init; }

    /// <summary>Σ s over the shard's rows (for the standardisation over every row).</summary>
    [Id(1)] public double Sum { get; init; }

    /// <summary>Σ s².</summary>
    [Id(2)] public double SumOfSquares { get; init; }

    /// <summary>Rows counted.</summary>
    [Id(3)] public int Count { get; init; }

    /// <summary>The best <see cref="ContentQuery.K"/> rows by s (ties to the lower id), none excluded or duplicating a positive seed.</summary>
    [Id(4)] public ShardHit[] Best { get; init; } = [];

    /// <summary>s of those of <see cref="ContentQuery.Ids"/> the shard holds, none excluded or duplicating a positive seed.</summary>
    [Id(5)] public ShardHit[] Of { get; init; } = [];
}
