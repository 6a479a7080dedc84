using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Timbre.App.SharedIndex;
using Timbre.Cluster.Hosting;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>
/// The cluster's sharded index as an <see cref="ISharedIndex"/> for a web server (<c>timbre serve --cluster</c>): an
/// Orleans client connected in the background (again every <see cref="RetryPeriod"/> until a silo answers), every
/// call bounded by <see cref="CallTimeout"/>, so an unreachable cluster is a clear error and a not-ready probe, never
/// a hung request. Its calls are awaited: a request thread never waits for the shards.
/// </summary>
public sealed partial class ClusterIndex : ISharedIndex, ISharedGenreIndex, ISharedCollaborative, IAsyncDisposable
{
    /// <summary>Wait between connection attempts.</summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for a search (a shard loading after its silo left may take this long).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeKeep = TimeSpan.FromSeconds(2);

    private readonly ShardSpec _spec;
    private readonly string _cluster;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _connecting;
    private readonly Lock _lock = new();
    private IHost? _host;
    private ShardedSearch? _search;
    private Task<bool>? _probe;
    private (bool Ok, long At) _lastProbe;

    /// <summary>Over a client that is already connected (tests: a TestCluster's client; a silo's grain factory).</summary>
    public ClusterIndex(IGrainFactory grains, ShardSpec spec)
    {
        _spec = spec.Validate();
        _cluster = "";
        _search = new ShardedSearch(grains, _spec);
    }

    private ClusterIndex(ClusterSettings settings, ShardSpec spec)
    {
        _spec = spec.Validate();
        _cluster = settings.ClusterId;
        _connecting = Task.Run(() => ConnectLoop(settings));
    }

    /// <summary>Starts connecting to the cluster of <paramref name="settings"/> in the background and returns at once.</summary>
    public static ClusterIndex Connect(ClusterSettings settings, ShardSpec spec)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Database);
        return new ClusterIndex(settings, spec);
    }

    /// <summary>Whether the client is connected (a silo's gateway accepted it).</summary>
    public bool Connected => Volatile.Read(ref _search) is not null;

    /// <inheritdoc />
    public Task<IReadOnlyList<SharedHit>?> NearestAsync(long id, int k, CancellationToken cancellationToken = default) =>
        CallAsync((search, ct) => NearestAsync(search, id, k, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SharedHit>> NearestToAsync(float[] vector, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var unit = VectorMath.Normalized(vector);
        return CallAsync<IReadOnlyList<SharedHit>>(async (search, ct) => [.. (await search.SimilarAsync(unit, null, k, null, ct).ConfigureAwait(false)).Select(Shared)], cancellationToken);
    }

    /// <inheritdoc />
    public Task<SharedGenreHits?> SimilarByGenreAsync(long id, GenreAwareOptions options, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return CallAsync((search, ct) => SimilarByGenreAsync(search, id, options, k, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SharedGenreTracks?> GenreTracksAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return CallAsync(async (search, ct) => await search.GenreTracksAsync(ids, ct).ConfigureAwait(false) is { } found
            ? new SharedGenreTracks(found.Labels, found.Tracks.ToDictionary(t => t.Id, t => new SharedGenreTrack(t.Unit, t.Genres)))
            : null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SharedHit>?> ProfileMatchesAsync(float[] profile, IReadOnlyList<float[]> positives, float duplicateDistance, IReadOnlyCollection<long> exclude, int k, int topGenre = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(exclude);
        var query = new GenreQuery
        {
            Kind = GenreQueryKind.Profile, Profile = profile, Positives = [.. positives], DuplicateDistance = duplicateDistance, K = k, Exclude = [.. exclude], TopGenre = topGenre,
        };
        return CallAsync<IReadOnlyList<SharedHit>?>(async (search, ct) => await search.SearchGenresAsync(query, ct).ConfigureAwait(false) is { } parts
            ? [.. GenreMerge.Profile(parts, k).Select(h => new SharedHit(h.Id, h.Score))]
            : null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every shard answered within 2 s (loading them if needed); the answer is kept 2 s, one probe at a time, shared by
    /// the callers meanwhile (a cancelled caller stops waiting for it; the probe goes on for the others).
    /// </remarks>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        var search = Volatile.Read(ref _search);
        if (search is null)
        {
            return false;
        }

        Task<bool> probe;
        lock (_lock)
        {
            if (Environment.TickCount64 - _lastProbe.At < ProbeKeep.TotalMilliseconds)
            {
                return _lastProbe.Ok;
            }

            probe = _probe ??= Probe(search);
        }

        bool ok;
        try
        {
            ok = await probe.WaitAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false; // still waiting: the next call looks at the same probe
        }

        lock (_lock)
        {
            if (ReferenceEquals(_probe, probe))
            {
                _lastProbe = (ok, Environment.TickCount64);
                _probe = null;
            }
        }

        return ok;
    }

    /// <summary>Stops connecting and disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_connecting is not null)
        {
            await _connecting.ConfigureAwait(false);
        }

        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _host.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>
    /// One call to the shards within <see cref="CallTimeout"/>, awaited; every failure is a
    /// <see cref="SharedIndexUnavailableException"/>, but a cancelled <paramref name="cancellationToken"/> (an abandoned
    /// request) is an <see cref="OperationCanceledException"/>: the wait stops and no further shard call starts.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<ShardedSearch, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var search = Volatile.Read(ref _search)
            ?? throw new SharedIndexUnavailableException($"The cluster{Named} is not reachable: no silo has accepted this server yet (is a 'timbre cluster silo' running on this catalog?).");
        cancellationToken.ThrowIfCancellationRequested(); // an abandoned request starts no call
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(CallTimeout);
        try
        {
            return await call(search, bounded.Token).WaitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The request was abandoned.", e, cancellationToken);
        }
        catch (OperationCanceledException e) when (bounded.IsCancellationRequested)
        {
            throw new SharedIndexUnavailableException($"The cluster{Named} did not answer within {CallTimeout.TotalSeconds:0} s.", e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ArgumentException))
        {
            // Connection lost, silo gone, message rejected, shard could not load: all say the same to a user.
            throw new SharedIndexUnavailableException($"The cluster{Named} failed: {e.Message}", e);
        }
    }

    private string Named => _cluster.Length == 0 ? "" : $" '{_cluster}'";

    private static async Task<IReadOnlyList<SharedHit>?> NearestAsync(ShardedSearch search, long id, int k, CancellationToken cancellationToken)
    {
        var vector = await search.VectorAsync(id, cancellationToken).ConfigureAwait(false);
        if (vector is null)
        {
            return null;
        }

        var hits = await search.SimilarAsync(vector, id, k, [id], cancellationToken).ConfigureAwait(false);
        return [.. hits.Select(Shared)];
    }

    /// <summary>
    /// Method 2 for one seed: its vectors from its shard, its top genre as the seed genres (one seed holds all the
    /// positive weight), then every shard's pass and <see cref="GenreMerge"/>.
    /// </summary>
    private static async Task<SharedGenreHits?> SimilarByGenreAsync(ShardedSearch search, long id, GenreAwareOptions options, int k, CancellationToken cancellationToken)
    {
        if (await search.GenreTracksAsync([id], cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        if (found.Tracks.Count == 0)
        {
            return new SharedGenreHits(null, []);
        }

        // GenreAwareRecommender.SeedGenres: one seed holds the whole positive weight (share 1 ≥ any MinSeedShare).
        var seed = found.Tracks[0];
        var top = ShardGenres.TopOf(seed.Genres);
        int[] genres = top >= 0 ? [top] : [];
        var query = new GenreQuery
        {
            Kind = options.Rule == GenreRule.Restrict ? GenreQueryKind.Restrict : GenreQueryKind.Boost,
            Unit = seed.Unit,
            QueryId = id,
            SeedGenres = genres,
            Beta = options.Beta,
            K = k + 1,
        };
        if (await search.SearchGenresAsync(query, cancellationToken).ConfigureAwait(false) is not { } parts)
        {
            return null;
        }

        var hits = GenreMerge.Similar(parts, query, k, [id]);
        return new SharedGenreHits([.. hits.Select(Shared)], [.. genres.Select(g => found.Labels[g])]);
    }

    private static SharedHit Shared(SimilarHit hit) => new(hit.Id, hit.Score) { Cosine = hit.Cosine };

    private static async Task<bool> Probe(ShardedSearch search)
    {
        try
        {
            await search.InfoAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private async Task ConnectLoop(ClusterSettings settings)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _host = await ClusterHosting.StartClientAsync(settings, _stop.Token).ConfigureAwait(false);
                Volatile.Write(ref _search, new ShardedSearch(_host.Services.GetRequiredService<IClusterClient>(), _spec));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                try
                {
                    await Task.Delay(RetryPeriod, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
