using Orleans.Concurrency;

namespace Timbre.Cluster.Search;

/// <summary>
/// One shard of the similarity index (key <see cref="ShardSpec.GrainKey"/>): the embeddings of the tracks whose id
/// hashes to it, in an exact <c>SimilarityIndex</c> built the way the single-node index is. Loaded from the catalog on
/// first use, on the silo <see cref="ShardLayout"/> chooses; when its silo leaves, the next call activates it on
/// another silo, which loads it again (calls that may load wait up to 10 minutes, not Orleans' default 30 s: a silo
/// streams the whole analysis set once for its shards, a minute or more at a million tracks on a busy machine); when silos join, <see cref="Rebalance"/> (called by the shard itself every
/// <see cref="IndexShard.RebalancePeriod"/>) moves it if its place changed. The searches take the caller's
/// cancellation token: a search whose request was abandoned is dropped while it waits for its turn, and does not scan.
/// </summary>
[Alias("timbre.IIndexShardGrain")]
public interface IIndexShardGrain : IGrainWithStringKey
{
    /// <summary>(Re)loads the shard from the catalog.</summary>
    [Alias("Load")]
    [ResponseTimeout("00:10:00")]
    Task<ShardInfo> Load(ShardSpec spec, int shard);

    /// <summary>The shard's top <paramref name="k"/> for <paramref name="query"/> (loaded first if needed), best first, ties by id.</summary>
    [Alias("Search")]
    [ResponseTimeout("00:10:00")]
    Task<ShardHit[]> Search(ShardSpec spec, int shard, float[] query, int k, long[] exclude, CancellationToken cancellationToken = default);

    /// <summary>
    /// The shard's best candidates for <paramref name="unit"/> (a unit vector) as the single-node similar-songs
    /// re-ranking needs them: when the index's fitted space asks for mutual proximity, the top
    /// max(candidates + 1 for a catalog query, <paramref name="k"/> + excluded) by cosine with nothing excluded (the
    /// single node re-ranks its seed and blocked rows too), each with its dot product and distance moments, and the
    /// query's moments from the shard that holds <paramref name="queryId"/> (shard 0 for a vector from outside,
    /// <paramref name="queryId"/> null); otherwise as <see cref="Search"/>, depth 0.
    /// </summary>
    [Alias("SearchProximity")]
    [ResponseTimeout("00:10:00")]
    Task<ProximityAnswer> SearchProximity(ShardSpec spec, int shard, float[] unit, long? queryId, int k, long[] exclude, CancellationToken cancellationToken = default);

    /// <summary>
    /// Method 2 or the profile method over the shard's rows and their genre vectors (<see cref="ShardGenreSearch"/>);
    /// <see cref="GenreAnswer.Supported"/> false when the shards hold no genre vectors.
    /// </summary>
    [Alias("SearchGenres")]
    [ResponseTimeout("00:10:00")]
    Task<GenreAnswer> SearchGenres(ShardSpec spec, int shard, GenreQuery query, CancellationToken cancellationToken = default);

    /// <summary>The unit vectors and genre vectors of those of <paramref name="ids"/> this shard holds, with the index's genre labels.</summary>
    [Alias("GenreTracks")]
    [ResponseTimeout("00:10:00")]
    Task<GenreTracks> GenreTracks(ShardSpec spec, int shard, long[] ids);

    /// <summary>The shard's track ids, ascending (interleaves: the proximity sample asks while shards wait for it).</summary>
    [Alias("Ids")]
    [AlwaysInterleave]
    [ResponseTimeout("00:10:00")]
    Task<long[]> Ids(ShardSpec spec, int shard);

    /// <summary>The unit vectors of <paramref name="ids"/> (all held by this shard), one after another (interleaves, as <see cref="Ids"/>).</summary>
    [Alias("SampleVectors")]
    [AlwaysInterleave]
    [ResponseTimeout("00:10:00")]
    Task<float[]> SampleVectors(ShardSpec spec, int shard, long[] ids);

    /// <summary>The stored (normalised) vector of track <paramref name="id"/> if this shard holds it, else null.</summary>
    [Alias("Vector")]
    [ResponseTimeout("00:10:00")]
    Task<float[]?> Vector(ShardSpec spec, int shard, long id);

    /// <summary>The stored (normalised) vectors of those of <paramref name="ids"/> this shard holds.</summary>
    [Alias("Vectors")]
    [ResponseTimeout("00:10:00")]
    Task<HeldVector[]> Vectors(ShardSpec spec, int shard, long[] ids);

    /// <summary>What the shard holds (loaded first if needed).</summary>
    [Alias("Info")]
    [ResponseTimeout("00:10:00")]
    Task<ShardInfo> Info(ShardSpec spec, int shard);

    /// <summary>The hybrid method's content scores over the shard's rows (<see cref="ShardContentSearch"/>).</summary>
    [Alias("SearchContent")]
    [ResponseTimeout("00:10:00")]
    Task<ContentAnswer> SearchContent(ShardSpec spec, int shard, ContentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the shard is on the silo <see cref="ShardLayout"/> chooses among the active silos; if not it deactivates
    /// once idle, and the next call activates (and loads) it there. Returns true when it is moving.
    /// </summary>
    [Alias("Rebalance")]
    Task<bool> Rebalance();
}

/// <summary>A track's stored vector as its shard holds it (<see cref="IIndexShardGrain.Vectors"/>).</summary>
[GenerateSerializer, Immutable, Alias("timbre.HeldVector")]
public readonly record struct HeldVector([property: Id(0)] long Id, [property: Id(1)] float[] Unit);
