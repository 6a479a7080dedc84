namespace Timbre.Cluster.Search;

/// <summary>What a genre search ranks by.</summary>
public enum GenreQueryKind
{
    /// <summary>Method 2, boost: the seed's similar-songs score plus β · the row's mass on the seed genres.</summary>
    Boost,

    /// <summary>Method 2, restrict: the seed's similar-songs score, rows whose top genre is not a seed genre left out.</summary>
    Restrict,

    /// <summary>The profile method: the magnitude-aware Z of the row's genre vector against a profile.</summary>
    Profile,
}

/// <summary>One genre search over a shard (<see cref="IIndexShardGrain.SearchGenres"/>).</summary>
[GenerateSerializer, Immutable, Alias("timbre.GenreQuery")]
public sealed record GenreQuery
{
    /// <summary>What to rank by.</summary>
    [Id(0)] public GenreQueryKind Kind { get; init; }

    /// <summary>Method 2: the seed's unit vector.</summary>
    [Id(1)] public float[] Unit { get; init; } = [];

    /// <summary>Method 2: the seed's track id (its shard gives its distance moments), or null for a vector from outside.</summary>
    [Id(2)] public long? QueryId { get; init; }

    /// <summary>Method 2: the seed genres G, ascending.</summary>
    [Id(3)] public int[] SeedGenres { get; init; } = [];

    /// <summary>Method 2, boost: β.</summary>
    [Id(4)] public float Beta { get; init; }

    /// <summary>Profile: the user's profile q over the genre labels.</summary>
    [Id(5)] public float[] Profile { get; init; } = [];

    /// <summary>Profile: unit vectors of the positive seeds; a row within <see cref="DuplicateDistance"/> of one is left out.</summary>
    [Id(6)] public float[][] Positives { get; init; } = [];

    /// <summary>Profile: cosine distance under which a row duplicates a positive seed.</summary>
    [Id(7)] public float DuplicateDistance { get; init; }

    /// <summary>Rows wanted past the re-ranked ones (the selection's first candidates).</summary>
    [Id(8)] public int K { get; init; }

    /// <summary>Track ids never returned (profile: the user's known tracks; method 2 re-ranks its seed and excludes it on the client).</summary>
    [Id(9)] public long[] Exclude { get; init; } = [];

    /// <summary>Profile: only rows of this top genre (the multicategory method's categories), or −1 for every row.</summary>
    [Id(10)] public int TopGenre { get; init; } = -1;
}

/// <summary>
/// A shard's row for a genre search: its score (method 2: the single-node similar-songs score before re-ranking,
/// |seed| · cosine; profile: Z), its dot product with the seed, its distance moments when it is among the
/// shard's re-ranked candidates, its mass on the seed genres and whether its top genre is one of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("timbre.GenreHit")]
public readonly record struct GenreHit(
    [property: Id(0)] long Id,
    [property: Id(1)] float Score,
    [property: Id(2)] float Dot,
    [property: Id(3)] double Mean,
    [property: Id(4)] double Std,
    [property: Id(5)] float Mass,
    [property: Id(6)] bool InSeedGenres,
    [property: Id(7)] bool Reranked);

/// <summary>One shard's answer to a genre search.</summary>
[GenerateSerializer, Immutable, Alias("timbre.GenreAnswer")]
public sealed record GenreAnswer
{
    /// <summary>False when the shards hold no genre vectors (<see cref="ShardGenreReader"/>): the caller uses its snapshot.</summary>
    [Id(0)] public bool Supported { get; init; }

    /// <summary>The shard's rows: its best <see cref="Depth"/> by score (re-ranked candidates), then its best <see cref="GenreQuery.K"/> by the final order's key.</summary>
    [Id(1)] public GenreHit[] Hits { get; init; } = [];

    /// <summary>Candidates the whole index re-ranks by mutual proximity (0: none).</summary>
    [Id(2)] public int Depth { get; init; }

    /// <summary>The seed's distance moments, from the shard holding it (shard 0 for a vector from outside).</summary>
    [Id(3)] public double? QueryMean { get; init; }

    /// <summary>See <see cref="QueryMean"/>.</summary>
    [Id(4)] public double? QueryStd { get; init; }
}

/// <summary>A track's unit vector and genre vector as its shard holds them.</summary>
[GenerateSerializer, Immutable, Alias("timbre.GenreTrack")]
public readonly record struct GenreTrack([property: Id(0)] long Id, [property: Id(1)] float[] Unit, [property: Id(2)] float[] Genres);

/// <summary>A shard's answer to <see cref="IIndexShardGrain.GenreTracks"/>.</summary>
[GenerateSerializer, Immutable, Alias("timbre.GenreTracks")]
public sealed record GenreTracks
{
    /// <summary>False when the shards hold no genre vectors.</summary>
    [Id(0)] public bool Supported { get; init; }

    /// <summary>The index's genre labels.</summary>
    [Id(1)] public string[] Labels { get; init; } = [];

    /// <summary>The asked tracks this shard holds.</summary>
    [Id(2)] public GenreTrack[] Tracks { get; init; } = [];

    /// <summary>Whether the genre vectors are the model's predicted probabilities (see <see cref="ShardGenres.FromModel"/>).</summary>
    [Id(3)] public bool FromModel { get; init; }
}
