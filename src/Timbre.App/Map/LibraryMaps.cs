using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Projection;
using Timbre.Recommendation.Similarity;
using Timbre.Storage;

namespace Timbre.App.Map;

/// <summary>
/// The library map, computed once per set of vectors: PCA then t-SNE (<see cref="LibraryProjection"/>) on the
/// vectors of the snapshot's similarity index (the ones /similar compares), seeded. The last map is kept in memory
/// and, with a cache file, on disk next to the catalog (rewritten atomically), keyed by <see cref="KeyOf(CatalogSnapshot)"/>, so a
/// restart with an unchanged catalog draws at once. <see cref="Compute"/> blocks (the CLI); <see cref="Get"/> never
/// does (the web app): it starts the computation in the background and reports its progress. Thread-safe.
/// </summary>
public sealed class LibraryMaps
{
    private static readonly ConditionalWeakTable<SimilarityIndex, string> Hashes = [];
    private readonly object _lock = new();
    private readonly string? _cacheFile;
    private readonly TSneOptions _options;
    private readonly MapCatalog? _catalog;
    private LibraryMap? _latest;
    private string? _runningKey;
    private double _progress;
    private string? _error;

    /// <summary>
    /// Maps cached in <paramref name="cacheFile"/> (null: in memory only), laid out with <paramref name="options"/>;
    /// with <paramref name="catalog"/> also read from and written to the catalog (<see cref="MapCatalog"/>), where
    /// front-ends without the snapshot read them.
    /// </summary>
    public LibraryMaps(string? cacheFile, TSneOptions? options = null, MapCatalog? catalog = null)
    {
        _cacheFile = cacheFile;
        _options = (options ?? new TSneOptions()).Validate();
        _catalog = catalog;
    }

    /// <summary>The t-SNE settings maps are laid out with.</summary>
    public TSneOptions Options => _options;

    /// <summary>
    /// The cache file next to a catalog file: <c>CATALOG.map.json</c>; null for a PostgreSQL catalog, which has no
    /// folder of its own (the map is then kept in memory).
    /// </summary>
    public static string? CacheFileFor(string catalog) => CatalogStores.IsPostgres(catalog) ? null : catalog + ".map.json";

    /// <summary>
    /// What a map of <paramref name="snapshot"/> depends on: its version key (model, feature version or space), the
    /// t-SNE seed, and a SHA-256 of its track ids and index vectors (computed once per index).
    /// </summary>
    public string KeyOf(CatalogSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return KeyOf(snapshot.Context.FeatureVersion, _options.Seed, snapshot.Context.Index);
    }

    /// <summary>The key of a map of <paramref name="index"/>'s rows, made from the set or space <paramref name="version"/> with t-SNE seed <paramref name="seed"/>.</summary>
    public static string KeyOf(string version, int seed, SimilarityIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return $"{version}|seed {seed}|{Hashes.GetValue(index, Hash)}";
    }

    /// <summary>
    /// The map of <paramref name="index"/>'s rows (the vectors /similar compares, in row order) under
    /// <paramref name="key"/>: PCA then t-SNE, normalised into [0, 1]². The one layout code of the CLI, the web app
    /// and the cluster's map job, so equal rows and options give equal maps.
    /// </summary>
    public static LibraryMap Layout(SimilarityIndex index, string key, TSneOptions options, Action<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var vectors = Enumerable.Range(0, index.Count).Select(r => index.VectorAt(r).ToArray()).ToArray();
        var xy = LibraryProjection.Project(vectors, options, progress, cancellationToken);
        return new LibraryMap(key, Normalise(xy, index));
    }

    /// <summary>The map of <paramref name="snapshot"/>: from memory or the cache file when the key matches, else computed now.</summary>
    public LibraryMap Compute(CatalogSnapshot snapshot, Action<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(snapshot);
        var known = Known(key, snapshot);
        if (known is not null)
        {
            return known;
        }

        var map = Project(snapshot, key, progress, cancellationToken);
        Remember(map, snapshot);
        return map;
    }

    /// <summary>
    /// The current state for <paramref name="snapshot"/>; when its map is neither in memory nor in the cache file, a
    /// background computation starts (one at a time; a newer snapshot's starts after the running one ends).
    /// </summary>
    public MapStatus Get(CatalogSnapshot snapshot)
    {
        var key = KeyOf(snapshot);
        var known = Known(key, snapshot);
        lock (_lock)
        {
            if (known is not null)
            {
                return new MapStatus(known, false, 1, null);
            }

            if (_runningKey is null)
            {
                _runningKey = key;
                _progress = 0;
                _ = Task.Run(() => Background(snapshot, key));
            }

            return new MapStatus(_latest, true, _progress, _error);
        }
    }

    private void Background(CatalogSnapshot snapshot, string key)
    {
        try
        {
            Remember(Project(snapshot, key, p =>
            {
                lock (_lock)
                {
                    _progress = p;
                }
            }, CancellationToken.None), snapshot);
            lock (_lock)
            {
                _error = null;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or Timbre.Core.Catalog.CatalogException)
        {
            lock (_lock)
            {
                _error = $"The library map could not be computed ({e.GetType().Name}).";
            }
        }
        finally
        {
            lock (_lock)
            {
                _runningKey = null;
            }
        }
    }

    private LibraryMap? Known(string key, CatalogSnapshot snapshot)
    {
        lock (_lock)
        {
            if (_latest?.Key == key)
            {
                return _latest;
            }
        }

        var cached = ReadCache(key) ?? _catalog?.Find(snapshot.Context.FeatureVersion, key);
        if (cached is not null)
        {
            lock (_lock)
            {
                _latest = cached;
            }
        }

        return cached;
    }

    /// <summary>Stores and caches <paramref name="map"/>, then shows it: whoever sees the map may rely on its stored copy.</summary>
    private void Remember(LibraryMap map, CatalogSnapshot snapshot)
    {
        _catalog?.Save(snapshot, map);
        WriteCache(map);
        lock (_lock)
        {
            _latest = map;
        }
    }

    private void WriteCache(LibraryMap map)
    {
        if (_cacheFile is null)
        {
            return;
        }

        try
        {
            var temp = _cacheFile + ".partial";
            File.WriteAllText(temp, JsonSerializer.Serialize(new CacheFile(map.Key, [.. map.Points.Select(p => new[] { p.Id, (double)p.X, (double)p.Y })])));
            File.Move(temp, _cacheFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not cached: the map stays in memory and is computed again after a restart.
        }
    }

    private LibraryMap? ReadCache(string key)
    {
        if (_cacheFile is null || !File.Exists(_cacheFile))
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllText(_cacheFile));
            return file?.Key != key || file.Points is null
                ? null
                : new LibraryMap(key, [.. file.Points.Select(p => new MapPoint((long)p[0], (float)p[1], (float)p[2]))]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or IndexOutOfRangeException)
        {
            return null; // unreadable: computed again and rewritten
        }
    }

    private LibraryMap Project(CatalogSnapshot snapshot, string key, Action<double>? progress, CancellationToken cancellationToken)
        => Layout(snapshot.Context.Index, key, _options, progress, cancellationToken);

    /// <summary>Shifts and scales the layout into [0, 1]² by one factor (the shorter side centred).</summary>
    private static MapPoint[] Normalise(double[][] xy, SimilarityIndex index)
    {
        if (xy.Length == 0)
        {
            return [];
        }

        double minX = xy.Min(p => p[0]), maxX = xy.Max(p => p[0]), minY = xy.Min(p => p[1]), maxY = xy.Max(p => p[1]);
        var span = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-12);
        var offX = (1 - ((maxX - minX) / span)) / 2;
        var offY = (1 - ((maxY - minY) / span)) / 2;
        return [.. xy.Select((p, r) => new MapPoint(index.IdAt(r), (float)(offX + ((p[0] - minX) / span)), (float)(offY + ((p[1] - minY) / span))))];
    }

    private static string Hash(SimilarityIndex index)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> id = stackalloc byte[8];
        for (var r = 0; r < index.Count; r++)
        {
            BitConverter.TryWriteBytes(id, index.IdAt(r));
            sha.AppendData(id);
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(index.VectorAt(r)));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed record CacheFile(string Key, double[][]? Points);
}
