using System.Diagnostics;
using System.Numerics.Tensors;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>The grain behind <see cref="IIndexShardGrain"/>: kept alive (a reload reads the catalog), placed by <see cref="ShardLayout"/>.</summary>
/// <param name="rows">Loads the shard's rows from the catalog.</param>
/// <param name="silo">This silo (named in <see cref="ShardInfo"/>).</param>
/// <param name="membership">The active silos, for <see cref="Rebalance"/>.</param>
/// <param name="manifests">Which silos placement knows the grain types of, for <see cref="Rebalance"/>.</param>
[ShardPlacement]
[KeepAlive]
internal sealed class IndexShard(ShardRows rows, ILocalSiloDetails silo, IClusterMembershipService membership, IClusterManifestProvider manifests) : Grain, IIndexShardGrain
{
    /// <summary>How often a shard checks its place (a silo that joined receives its shards within this).</summary>
    public static readonly TimeSpan RebalancePeriod = TimeSpan.FromSeconds(30);

    private Task<ShardData>? _loading;
    private SimilarityIndex? _index;
    private MutualProximity? _proximity;
    private int _shard;
    private long _searches;
    private long _searchTicks;
    private long _searchMaxTicks;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => Rebalance(), RebalancePeriod, RebalancePeriod);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ShardInfo> Load(ShardSpec spec, int shard)
    {
        await Fill(spec, shard, fresh: true);
        return Describe();
    }

    /// <inheritdoc />
    public async Task<ShardHit[]> Search(ShardSpec spec, int shard, float[] query, int k, long[] exclude, CancellationToken cancellationToken = default)
    {
        var index = await Fill(spec, shard, fresh: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (index.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        var hits = index.Search(query, k, exclude.Length == 0 ? null : exclude.ToHashSet());
        Timed(started);
        return [.. hits.Select(h => new ShardHit(h.Id, h.Score))];
    }

    /// <inheritdoc />
    public async Task<ProximityAnswer> SearchProximity(ShardSpec spec, int shard, float[] unit, long? queryId, int k, long[] exclude, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(exclude);
        var data = await Load(spec, shard, fresh: false);
        var index = data.Index;
        var proximity = data.Proximity is { } options && MutualProximity.Supports(index) ? await Proximity(spec, options) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        if (proximity is null)
        {
            var plain = index.Count == 0 ? [] : index.Search(unit, k, exclude.Length == 0 ? null : exclude.ToHashSet());
            Timed(started);
            return new ProximityAnswer { Hits = [.. plain.Select(h => new ProximityHit(h.Id, h.Score, h.Score, 0, 0))] };
        }

        // As ProximityReranking: the best Candidates rows by cosine, plus the seed's own row when it is in the catalog.
        var depth = proximity.Options.Candidates + (queryId is null ? 0 : 1);
        var hits = index.Count == 0 ? [] : index.Search(unit, Math.Max(depth, k + exclude.Length));
        var answer = hits.Select(h =>
        {
            var v = index.VectorAt(index.RowOf(h.Id));
            var m = proximity.MomentsOf(h.Id, v);
            return new ProximityHit(h.Id, h.Score, TensorPrimitives.Dot(unit, v), m.Mean, m.Std);
        }).ToArray();
        DistanceMoments? query = queryId is { } id ? (index.RowOf(id) >= 0 ? proximity.MomentsOf(id, unit) : null)
            : shard == 0 ? proximity.MomentsOf(unit) : null;
        Timed(started);
        return new ProximityAnswer { Hits = answer, Depth = depth, QueryMean = query?.Mean, QueryStd = query?.Std };
    }

    /// <inheritdoc />
    public async Task<GenreAnswer> SearchGenres(ShardSpec spec, int shard, GenreQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var data = await Load(spec, shard, fresh: false);
        if (data.Genres is null)
        {
            return new GenreAnswer();
        }

        var proximity = query.Kind != GenreQueryKind.Profile && data.Proximity is { } options && MutualProximity.Supports(data.Index)
            ? await Proximity(spec, options) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var answer = ShardGenreSearch.Search(data.Index, data.Genres, proximity, query, shard);
        Timed(started);
        return answer;
    }

    /// <inheritdoc />
    public async Task<GenreTracks> GenreTracks(ShardSpec spec, int shard, long[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var data = await Load(spec, shard, fresh: false);
        if (data.Genres is not { } genres)
        {
            return new GenreTracks();
        }

        var held = ids.Select(data.Index.RowOf).Where(r => r >= 0).Distinct();
        return new GenreTracks
        {
            Supported = true,
            FromModel = genres.FromModel,
            Labels = genres.Labels,
            Tracks = [.. held.Select(r => new GenreTrack(data.Index.IdAt(r), data.Index.VectorAt(r).ToArray(), genres.Vectors[r]))],
        };
    }

    /// <inheritdoc />
    public async Task<long[]> Ids(ShardSpec spec, int shard)
    {
        var index = (await Load(spec, shard, fresh: false)).Index;
        return [.. Enumerable.Range(0, index.Count).Select(index.IdAt)];
    }

    /// <inheritdoc />
    public async Task<float[]> SampleVectors(ShardSpec spec, int shard, long[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var index = (await Load(spec, shard, fresh: false)).Index;
        var flat = new float[ids.Length * index.Dimension];
        for (var i = 0; i < ids.Length; i++)
        {
            var row = index.RowOf(ids[i]);
            if (row < 0)
            {
                throw new InvalidOperationException($"Shard {shard} does not hold track {ids[i]}: the shards were loaded again while the sample was drawn.");
            }

            index.VectorAt(row).CopyTo(flat.AsSpan(i * index.Dimension, index.Dimension));
        }

        return flat;
    }

    /// <inheritdoc />
    public async Task<ContentAnswer> SearchContent(ShardSpec spec, int shard, ContentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var data = await Load(spec, shard, fresh: false);
        if (data.Genres is null || data.Index.Metric != SimilarityMetric.Cosine)
        {
            return new ContentAnswer();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var answer = ShardContentSearch.Search(data.Index, data.Genres, query);
        Timed(started);
        return answer;
    }

    /// <inheritdoc />
    public async Task<float[]?> Vector(ShardSpec spec, int shard, long id)
    {
        var index = await Fill(spec, shard, fresh: false);
        var row = index.RowOf(id);
        return row < 0 ? null : index.VectorAt(row).ToArray();
    }

    /// <inheritdoc />
    public async Task<HeldVector[]> Vectors(ShardSpec spec, int shard, long[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var index = await Fill(spec, shard, fresh: false);
        return [.. ids.Select(id => (Id: id, Row: index.RowOf(id))).Where(p => p.Row >= 0).Select(p => new HeldVector(p.Id, index.VectorAt(p.Row).ToArray()))];
    }

    /// <inheritdoc />
    public async Task<ShardInfo> Info(ShardSpec spec, int shard)
    {
        await Fill(spec, shard, fresh: false);
        return Describe();
    }

    /// <inheritdoc />
    public Task<bool> Rebalance()
    {
        // Placement chooses among the active silos whose grain types it knows; a silo that just joined is active
        // before its manifest arrives, and counting it here would move a shard placement cannot put there.
        var known = manifests.Current.Silos;
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && known.ContainsKey(m.SiloAddress))
            .Select(m => m.SiloAddress)
            .OrderBy(s => s.ToString(), StringComparer.Ordinal)
            .ToArray();
        if (active.Length == 0 || active[ShardPlacementDirector.ShardGrainPlace(this.GetPrimaryKeyString(), active)].Equals(silo.SiloAddress))
        {
            return Task.FromResult(false);
        }

        DeactivateOnIdle();
        return Task.FromResult(true);
    }

    private async Task<SimilarityIndex> Fill(ShardSpec spec, int shard, bool fresh) => (await Load(spec, shard, fresh)).Index;

    /// <summary>The shard's data, loading it once: calls that interleave with a load (<see cref="Ids"/>) wait for the same one.</summary>
    private async Task<ShardData> Load(ShardSpec spec, int shard, bool fresh)
    {
        if (_loading is null || fresh || _loading.IsFaulted)
        {
            _proximity = null;
            _loading = rows.LoadAsync(spec, shard);
            _shard = shard;
        }

        try
        {
            var data = await _loading;
            _index = data.Index;
            return data;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            // Timbre's own exceptions have no Orleans codec: the caller gets the reason as a plain one.
            throw new InvalidOperationException($"Shard {shard} could not load: {e.Message}");
        }
    }

    /// <summary>
    /// The index's mutual proximity over the sample every shard shares (drawn by <see cref="IProximitySampleGrain"/>),
    /// this shard's moments kept as they are computed; null when the whole index has fewer than 2 tracks (as single-node).
    /// </summary>
    private async Task<MutualProximity?> Proximity(ShardSpec spec, MutualProximityOptions options)
    {
        if (_proximity is { } known)
        {
            return known.SampleCount == 0 ? null : known;
        }

        var loading = _loading;
        var sample = await GrainFactory.GetGrain<IProximitySampleGrain>(spec.ProximityKey()).Sample(spec, ProximitySettings.Of(options));
        var made = sample.IndexCount < 2 || sample.Dimension == 0
            ? new MutualProximity([], [], 1, options)
            : new MutualProximity(sample.Ids, sample.Vectors, sample.Dimension, options);
        if (ReferenceEquals(loading, _loading))
        {
            _proximity = made; // not when the shard was loaded again meanwhile
        }

        return made.SampleCount == 0 ? null : made;
    }

    private void Timed(long started)
    {
        var ticks = Stopwatch.GetTimestamp() - started;
        _searches++;
        _searchTicks += ticks;
        _searchMaxTicks = Math.Max(_searchMaxTicks, ticks);
    }

    private ShardInfo Describe()
    {
        using var process = Process.GetCurrentProcess();
        return new ShardInfo
        {
            Shard = _shard,
            Rows = _index?.Count ?? 0,
            Dimension = _index?.Dimension ?? 0,
            Silo = silo.SiloAddress.ToString(),
            SiloWorkingSet = process.WorkingSet64,
            SiloManagedBytes = GC.GetTotalMemory(forceFullCollection: false),
            Searches = _searches,
            SearchMaxMs = _searchMaxTicks * 1000.0 / Stopwatch.Frequency,
            SearchTotalMs = _searchTicks * 1000.0 / Stopwatch.Frequency,
            SiloThreadPoolThreads = ThreadPool.ThreadCount,
            SiloGcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            SiloGen2Collections = GC.CollectionCount(2),
        };
    }
}
