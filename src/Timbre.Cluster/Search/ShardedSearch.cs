namespace Timbre.Cluster.Search;

/// <summary>
/// A query over every shard of an index: fans out to the <see cref="IIndexShardGrain"/>s in parallel, each returns its
/// top k, and the merge keeps the k best by score, ties by lower track id, which is the single-node exact index's
/// order (its rows are in id order and a tie goes to the lower row).
/// </summary>
/// <param name="grains">A cluster client (or a silo's grain factory).</param>
/// <param name="spec">The index.</param>
public sealed class ShardedSearch(IGrainFactory grains, ShardSpec spec)
{
    private readonly ShardSpec _spec = spec.Validate();
    private long _retries;

    /// <summary>The client's grain factory (the index's other grains are reached through it).</summary>
    internal IGrainFactory Grains => grains;

    /// <summary>The index searched.</summary>
    internal ShardSpec Spec => _spec;

    /// <summary>Shard calls this search has made again after a failure (each waits a second first; see <see cref="Retry{T}"/>).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The k nearest tracks to <paramref name="query"/>, best first, none of <paramref name="exclude"/>.</summary>
    public async Task<IReadOnlyList<ShardHit>> SearchAsync(float[] query, int k, IReadOnlyCollection<long>? exclude = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long[] excluded = exclude is null ? [] : [.. exclude];
        var parts = await Task.WhenAll(Enumerable.Range(0, _spec.Count)
            .Select(s => Retry(() => Shard(s).Search(_spec, s, query, k, excluded, cancellationToken), cancellationToken))).ConfigureAwait(false);
        return Merge(parts, k);
    }

    /// <summary>
    /// Similar tracks to <paramref name="unit"/> (a unit vector; <paramref name="queryId"/> its catalog track, or null
    /// for a vector from outside) as the single-node method 1 ranks them: re-ranked by mutual proximity when the
    /// index's fitted space asks for it (<see cref="ProximityMerge"/>), else the exact cosine top k. None of
    /// <paramref name="exclude"/>.
    /// </summary>
    public async Task<IReadOnlyList<SimilarHit>> SimilarAsync(float[] unit, long? queryId, int k, IReadOnlyCollection<long>? exclude = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long[] excluded = exclude is null ? [] : [.. exclude];
        var parts = await Task.WhenAll(Enumerable.Range(0, _spec.Count)
            .Select(s => Retry(() => Shard(s).SearchProximity(_spec, s, unit, queryId, k, excluded, cancellationToken), cancellationToken))).ConfigureAwait(false);
        return ProximityMerge.Merge(parts, k, excluded.ToHashSet());
    }

    /// <summary>Every shard's answer to <see cref="IIndexShardGrain.SearchProximity"/> (what <see cref="SimilarAsync"/> merges).</summary>
    public async Task<IReadOnlyList<ProximityAnswer>> ProximityPartsAsync(float[] unit, long? queryId, int k, IReadOnlyCollection<long> exclude, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        long[] excluded = [.. exclude];
        return await Task.WhenAll(Enumerable.Range(0, _spec.Count)
            .Select(s => Retry(() => Shard(s).SearchProximity(_spec, s, unit, queryId, k, excluded, cancellationToken), cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>A catalog track's distance moments (its unit vector <paramref name="unit"/>), from the one shard that holds it; null without mutual proximity.</summary>
    public async Task<(double Mean, double Std)?> MomentsAsync(long id, float[] unit, CancellationToken cancellationToken = default)
    {
        var shard = ShardSpec.ShardOf(id, _spec.Count);
        var answer = await Retry(() => Shard(shard).SearchProximity(_spec, shard, unit, id, 0, [], cancellationToken), cancellationToken).ConfigureAwait(false);
        return answer.QueryMean is { } mean ? (mean, answer.QueryStd!.Value) : null;
    }

    /// <summary>
    /// Method 2 or the profile method over every shard (<see cref="ShardGenreSearch"/>): null when the shards hold no
    /// genre vectors, else each shard's answer.
    /// </summary>
    public async Task<IReadOnlyList<GenreAnswer>?> SearchGenresAsync(GenreQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = await Task.WhenAll(Enumerable.Range(0, _spec.Count)
            .Select(s => Retry(() => Shard(s).SearchGenres(_spec, s, query, cancellationToken), cancellationToken))).ConfigureAwait(false);
        return parts.All(p => p.Supported) ? parts : null;
    }

    /// <summary>
    /// The index's genre labels and the unit and genre vectors of those of <paramref name="ids"/> it holds, asking only
    /// the shards that hold them (shard 0 when none is asked, for the labels); null when the shards hold no genre vectors.
    /// </summary>
    public async Task<(string[] Labels, IReadOnlyList<GenreTrack> Tracks)?> GenreTracksAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var byShard = ids.Distinct().GroupBy(id => ShardSpec.ShardOf(id, _spec.Count)).ToDictionary(g => g.Key, g => g.ToArray());
        if (byShard.Count == 0)
        {
            byShard[0] = [];
        }

        var parts = await Task.WhenAll(byShard.Select(p => Retry(() => Shard(p.Key).GenreTracks(_spec, p.Key, p.Value), cancellationToken))).ConfigureAwait(false);
        return parts.All(p => p.Supported) ? (parts[0].Labels, parts.SelectMany(p => p.Tracks).ToList()) : null;
    }

    /// <summary>
    /// Each shard's own answer for those of <paramref name="ids"/> it holds, asking only those shards (shard 0 when
    /// none is asked): <see cref="GenreTracksAsync"/> with each answer's flags kept.
    /// </summary>
    public async Task<IReadOnlyList<GenreTracks>> GenreTrackAnswersAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var byShard = ids.Distinct().GroupBy(id => ShardSpec.ShardOf(id, _spec.Count)).ToDictionary(g => g.Key, g => g.ToArray());
        if (byShard.Count == 0)
        {
            byShard[0] = [];
        }

        return await Task.WhenAll(byShard.Select(p => Retry(() => Shard(p.Key).GenreTracks(_spec, p.Key, p.Value), cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The stored vectors of those of <paramref name="ids"/> the index holds: one call per shard holding some.</summary>
    public async Task<IReadOnlyDictionary<long, float[]>> VectorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var byShard = ids.Distinct().GroupBy(id => ShardSpec.ShardOf(id, _spec.Count)).ToDictionary(g => g.Key, g => g.ToArray());
        var parts = await Task.WhenAll(byShard.Select(p => Retry(() => Shard(p.Key).Vectors(_spec, p.Key, p.Value), cancellationToken))).ConfigureAwait(false);
        return parts.SelectMany(p => p).ToDictionary(v => v.Id, v => v.Unit);
    }

    /// <summary>The stored vector of track <paramref name="id"/> (from the one shard that holds it), or null.</summary>
    public Task<float[]?> VectorAsync(long id, CancellationToken cancellationToken = default)
    {
        var shard = ShardSpec.ShardOf(id, _spec.Count);
        return Retry(() => Shard(shard).Vector(_spec, shard, id), cancellationToken);
    }

    /// <summary>Every shard's content scores for the hybrid method; null when a shard holds no genre vectors.</summary>
    public async Task<IReadOnlyList<ContentAnswer>?> SearchContentAsync(ContentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = await Task.WhenAll(Enumerable.Range(0, _spec.Count).Select(s => Retry(() => Shard(s).SearchContent(_spec, s, query, cancellationToken), cancellationToken))).ConfigureAwait(false);
        return parts.All(p => p.Supported) ? parts : null;
    }

    /// <summary>Loads every shard again from the catalog (after a scan), in parallel; the proximity sample is drawn again at the next query.</summary>
    public async Task<IReadOnlyList<ShardInfo>> LoadAsync()
    {
        await grains.GetGrain<IProximitySampleGrain>(_spec.ProximityKey()).Forget().ConfigureAwait(false);
        return await Task.WhenAll(Enumerable.Range(0, _spec.Count).Select(s => Shard(s).Load(_spec, s))).ConfigureAwait(false);
    }

    /// <summary>What every shard holds and where (loading those not loaded yet).</summary>
    public async Task<IReadOnlyList<ShardInfo>> InfoAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Enumerable.Range(0, _spec.Count).Select(s => Retry(() => Shard(s).Info(_spec, s), cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Asks every shard whether it is on the silo <see cref="ShardLayout"/> chooses now (after silos joined); those
    /// that are not move, and are loaded again on their new silo. Returns the shards that moved. Shards also check
    /// this themselves every <see cref="IndexShard.RebalancePeriod"/>.
    /// </summary>
    public async Task<IReadOnlyList<int>> RebalanceAsync()
    {
        var moving = await Task.WhenAll(Enumerable.Range(0, _spec.Count).Select(s => Retry(() => Shard(s).Rebalance()))).ConfigureAwait(false);
        var moved = Enumerable.Range(0, _spec.Count).Where(s => moving[s]).ToList();
        if (moved.Count > 0)
        {
            await Task.WhenAll(moved.Select(s => Retry(() => Shard(s).Info(_spec, s)))).ConfigureAwait(false);
        }

        return moved;
    }

    /// <summary>The k best of the shards' lists: score descending, then track id ascending.</summary>
    public static IReadOnlyList<ShardHit> Merge(IEnumerable<IReadOnlyList<ShardHit>> parts, int k) =>
        [.. parts.SelectMany(p => p).OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(k)];

    /// <summary>
    /// Calls a shard, again after a second when its silo just died: until the cluster declares the silo dead, calls
    /// to it fail; then the shard is activated (and loaded) on a live silo. A cancelled
    /// <paramref name="cancellationToken"/> (the request was abandoned) makes no further attempt.
    /// </summary>
    private async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 5 && e is not (ArgumentException or InvalidOperationException) && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private IIndexShardGrain Shard(int shard) => grains.GetGrain<IIndexShardGrain>(_spec.GrainKey(shard));
}
