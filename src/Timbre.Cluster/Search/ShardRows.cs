using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Storage;

namespace Timbre.Cluster.Search;

/// <summary>
/// Loads shard rows on a silo, holding only the rows of the shards asked for: the analysis set (or fitted embedding
/// space) is chosen exactly as every single-node reader chooses it (<see cref="SnapshotOptions.For"/>), its analyses
/// are streamed once in id order, and each row whose id hashes to a wanted shard is kept (transformed by the space
/// when one applies, as <see cref="CatalogContextLoader.Load"/> does). Shards asked for within
/// <see cref="Gather"/> of each other share one pass over the table (a silo receives its shards together).
/// </summary>
public sealed class ShardRows
{
    /// <summary>How long a pass waits for the other shards of a silo before it reads.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pass> _open = [];

    /// <summary>Passes over the catalog so far (each streams the analysis set once).</summary>
    public int Passes { get; private set; }

    /// <summary>The shard's index (its tracks' embeddings in id order, with the single-node index's options) and its re-ranking.</summary>
    public Task<ShardData> LoadAsync(ShardSpec spec, int shard)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, spec.Count);
        var key = spec.GrainKey(0);
        lock (_lock)
        {
            if (!_open.TryGetValue(key, out var pass))
            {
                pass = new Pass(spec);
                _open[key] = pass;
                Passes++;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(Gather).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _open.Remove(key);
                    }

                    pass.Run();
                });
            }

            return pass.Want(shard);
        }
    }

    /// <summary>
    /// The spec naming its index by the set the catalog resolves it to (the fitted space's first set, else the chosen
    /// set), so clients that name one set differently (<c>serve</c> by its model id, <c>cluster query</c> by default)
    /// share one index instead of loading it twice. Unchanged when the catalog has no analyses yet.
    /// </summary>
    public static ShardSpec Canonical(ShardSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        var options = SnapshotOptions.For(spec.ModelId, spec.FeatureVersion);
        try
        {
            if ((options.UseEmbeddingSpace ? CatalogContextLoader.SpaceFor(store, options) : null) is { } space)
            {
                return spec with { ModelId = space.Sets[0].ModelId, FeatureVersion = space.Sets[0].FeatureVersion };
            }

            var set = CatalogContextLoader.ChooseSet(store, options);
            return spec with { ModelId = set.ModelId, FeatureVersion = set.FeatureVersion };
        }
        catch (RecommendationException)
        {
            return spec;
        }
    }

    /// <summary>The snapshot the single-node exact search uses (what the sharded search must equal).</summary>
    public static CatalogSnapshot LoadSnapshot(ShardSpec spec)
    {
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        return CatalogContextLoader.Load(store, SnapshotOptions.For(spec.ModelId, spec.FeatureVersion));
    }

    /// <summary>Reads the rows of the given shards of <paramref name="spec"/>'s index in one pass, by shard.</summary>
    public static Dictionary<int, ShardData> Read(ShardSpec spec, IReadOnlySet<int> shards)
    {
        using var store = CatalogStores.Open(spec.Catalog, create: false);
        var options = SnapshotOptions.For(spec.ModelId, spec.FeatureVersion);
        var space = options.UseEmbeddingSpace ? CatalogContextLoader.SpaceFor(store, options) : null;
        var set = space is null
            ? CatalogContextLoader.ChooseSet(store, options)
            : store.ListAnalysisSets().First(s => s.ModelId == space.Sets[0].ModelId && s.FeatureVersion == space.Sets[0].FeatureVersion);
        var version = space?.Key ?? CatalogContextLoader.VersionKey(set.ModelId, set.FeatureVersion);
        bool Wanted(long id) => shards.Contains(ShardSpec.ShardOf(id, spec.Count));
        var others = space is null ? [] : space.Sets.Skip(1).Select(s => Embeddings(store, s.ModelId, s.FeatureVersion, Wanted)).ToList();
        var rows = shards.ToDictionary(s => s, _ => (Ids: new List<long>(), Vectors: new List<float[]>()));
        var genres = new ShardGenreReader(store, set, options);
        foreach (var a in store.ReadAnalyses(set.ModelId, set.FeatureVersion))
        {
            genres.See(a);
            if (!Wanted(a.TrackId))
            {
                continue;
            }

            var embedding = space is null ? a.Embedding : space.TransformTrack(a.TrackId, a.Embedding, others);
            if (embedding is null)
            {
                continue;
            }

            var (ids, list) = rows[ShardSpec.ShardOf(a.TrackId, spec.Count)];
            ids.Add(a.TrackId);
            list.Add(embedding);
            genres.Keep(a);
        }

        // The analyses stream in id order, so each shard's rows are in id order: the single-node index's tie order.
        // Each shard scans serially: a query already runs every shard at once, and a parallel scan inside a grain turn
        // blocks pool threads waiting for its parts, which starved the silo's thread pool (turns of 1-2.5 s, the
        // sharded p99 at 1 M; docs/cluster.md, "The sharded p99 tail").
        var indexOptions = options.IndexOptions(version) with { MaxDegreeOfParallelism = 1 };
        // Mutual proximity as the single-node loader sets it: the fitted space's, when it asks for it.
        var proximity = space?.Proximity;
        return rows.ToDictionary(p => p.Key, p => new ShardData(new SimilarityIndex(p.Value.Ids, p.Value.Vectors, indexOptions), proximity, genres.Of(p.Value.Ids)));
    }

    private static Dictionary<long, float[]> Embeddings(ICatalogStore store, string model, int version, Func<long, bool> wanted)
    {
        var result = new Dictionary<long, float[]>();
        foreach (var a in store.ReadAnalyses(model, version))
        {
            if (wanted(a.TrackId))
            {
                result[a.TrackId] = a.Embedding;
            }
        }

        return result;
    }

    /// <summary>One read of the catalog for the shards that asked before it started.</summary>
    private sealed class Pass(ShardSpec spec)
    {
        private readonly Dictionary<int, TaskCompletionSource<ShardData>> _wanted = [];

        public Task<ShardData> Want(int shard)
        {
            lock (_wanted)
            {
                if (!_wanted.TryGetValue(shard, out var done))
                {
                    done = new TaskCompletionSource<ShardData>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _wanted[shard] = done;
                }

                return done.Task;
            }
        }

        public void Run()
        {
            KeyValuePair<int, TaskCompletionSource<ShardData>>[] wanted;
            lock (_wanted)
            {
                wanted = [.. _wanted];
            }

            try
            {
                var read = Read(spec, wanted.Select(w => w.Key).ToHashSet());

                // The pass allocated a record per row of the whole set; compact once so the silo's resident memory is
                // what its shards hold, not the high-water mark of the read.
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect();
                foreach (var (shard, done) in wanted)
                {
                    done.SetResult(read[shard]);
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in wanted)
                {
                    done.SetException(e);
                }
            }
        }
    }
}

/// <summary>One shard as loaded: its exact index, the mutual-proximity re-ranking its index asks for (or null), and its rows' genre vectors.</summary>
/// <param name="Index">The shard's rows.</param>
/// <param name="Proximity">The fitted space's mutual-proximity options, or null for plain cosine.</param>
/// <param name="Genres">Each row's genre vector as the single-node snapshot has it, or null when the shards cannot make them (<see cref="ShardGenreReader"/>).</param>
public sealed record ShardData(SimilarityIndex Index, Timbre.Recommendation.Hubness.MutualProximityOptions? Proximity, ShardGenres? Genres = null);
