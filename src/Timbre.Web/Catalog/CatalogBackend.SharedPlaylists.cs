using System.Numerics.Tensors;
using Timbre.App.SharedIndex;
using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Playlists;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>
/// The playlist journeys (sonic path, map path, "more like these") and library pages' predicted genres through the
/// cluster's shards (<see cref="ISharedPlaylistIndex"/>), without the snapshot.
/// </summary>
public sealed partial class CatalogBackend
{
    /// <summary><see cref="PathBetweenAsync"/> on the shards: one awaited sharded search per step (<see cref="PlaylistBuilder.PathAsync"/>).</summary>
    private async Task<IReadOnlyList<long>> PathBetweenSharedAsync(ISharedPlaylistIndex shared, long fromId, long toId, int count, CancellationToken cancellationToken)
    {
        var held = await shared.VectorsAsync([fromId, toId], cancellationToken).ConfigureAwait(false);
        foreach (var id in new[] { fromId, toId })
        {
            if (!held.ContainsKey(id))
            {
                throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
            }
        }

        if (fromId == toId)
        {
            throw new TimbreException("A path needs two different tracks.");
        }

        return await new PlaylistBuilder(PlaylistSpace(shared)).PathAsync(fromId, toId, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="SonicPathAsync"/> on the shards: the path, then each track's similarity to the first from its stored vector.</summary>
    private async Task<IReadOnlyList<SonicMatch>> SonicPathSharedAsync(ISharedPlaylistIndex shared, long fromId, long toId, int count, CancellationToken cancellationToken)
    {
        var ends = await shared.VectorsAsync([fromId, toId], cancellationToken).ConfigureAwait(false);
        if (!ends.ContainsKey(fromId) || !ends.ContainsKey(toId))
        {
            throw new TimbreException("Both songs must have been analysed by this server's model; run timbre scan.");
        }

        var path = await new PlaylistBuilder(PlaylistSpace(shared)).PathAsync(fromId, toId, count, cancellationToken).ConfigureAwait(false);
        var vectors = await shared.VectorsAsync(path, cancellationToken).ConfigureAwait(false);
        var start = vectors[fromId];
        return [.. path.Select(id => new SonicMatch(id, vectors.TryGetValue(id, out var v) ? Similarity(start, v) : -1))];
    }

    /// <summary>
    /// "More like these" (<see cref="SimilarToAsync"/>, method 1 with several seeds) on the shards. Plain cosine: the exact
    /// top k to the seeds' mean direction (the order of the in-process mean score, which is that cosine × |mean|),
    /// then the selector's default filters with the hits' vectors (no seed, no near-duplicate of a seed or of a track
    /// already chosen, no title-and-artist key twice). With mutual proximity (a fitted space) one seed goes through
    /// <see cref="SimilarSharedAsync"/>, several through <see cref="ISharedPlaylistIndex.SimilarToSeedsAsync"/> (each
    /// seed's MP averaged, as in process) with the same filters.
    /// </summary>
    private async Task<IReadOnlyList<SonicMatch>> SimilarToSharedAsync(ISharedPlaylistIndex shared, IReadOnlyList<long> seeds, int count, CancellationToken cancellationToken)
    {
        var held = await shared.VectorsAsync(seeds, cancellationToken).ConfigureAwait(false);
        var known = seeds.Where(held.ContainsKey).Distinct().ToList();
        if (known.Count == 0)
        {
            return [];
        }

        var max = SimilarSongsOptions.Default.MaxSeeds;
        if (known.Count > max)
        {
            throw new RecommendationException($"At most {max} seed songs are allowed, got {known.Count}.");
        }

        var mean = new float[held[known[0]].Length];
        foreach (var id in known)
        {
            TensorPrimitives.Add(mean, held[id], mean);
        }

        var proximity = await ReRanksByProximityAsync(cancellationToken).ConfigureAwait(false);
        if (proximity && known.Count == 1 && _options.SharedIndex is ISharedIndex single)
        {
            var items = await SimilarSharedAsync(single, known[0], count, cancellationToken).ConfigureAwait(false);
            var found = await shared.VectorsAsync([.. items.Select(i => i.Id)], cancellationToken).ConfigureAwait(false);
            return [.. items.Select(i => new SonicMatch(i.Id, found.TryGetValue(i.Id, out var v) ? Similarity(mean, v) : -1))];
        }

        // SeedScoring's mean direction: Σ unit · (1 / n), seeds of weight 1.
        var direction = new float[mean.Length];
        foreach (var id in known)
        {
            TensorPrimitives.MultiplyAdd(held[id], 1f / known.Count, direction, direction);
        }

        Func<int, Task<IReadOnlyList<SharedHit>>> ranked = proximity
            ? async ask => await shared.SimilarToSeedsAsync(known, ask, cancellationToken).ConfigureAwait(false) ?? []
            : ask => shared.SearchAsync(direction, ask, known, cancellationToken);
        var chosen = await SimilarRankedAsync(ranked, shared, known, held, count, cancellationToken).ConfigureAwait(false);
        return [.. chosen.Select(p => new SonicMatch(p.Id, Similarity(mean, p.Vector)))];
    }

    /// <summary>The first <paramref name="count"/> of <paramref name="ranked"/>'s hits (asking for 4× more while too few pass) that the selector's default filters keep.</summary>
    private async Task<List<(long Id, float[] Vector)>> SimilarRankedAsync(Func<int, Task<IReadOnlyList<SharedHit>>> ranked, ISharedPlaylistIndex shared, List<long> known, IReadOnlyDictionary<long, float[]> held, int count, CancellationToken cancellationToken)
    {
        var distance = new RecommendationFilters().DuplicateDistance;
        var seedKeys = await ReadAsync(s => known.Select(id => s.FindTrack(id) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).OfType<string>().ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        for (var ask = count + 16; ; ask *= 4)
        {
            var hits = await ranked(ask).ConfigureAwait(false);
            var vectors = await shared.VectorsAsync([.. hits.Select(h => h.Id)], cancellationToken).ConfigureAwait(false);
            var chosen = await ReadAsync(s => Choose(s, hits, vectors), cancellationToken).ConfigureAwait(false);
            if (chosen.Count == count || hits.Count < ask)
            {
                return chosen;
            }
        }

        // One catalog reader for the whole list: the hits' rows are read as the filters look at them, in rank order.
        List<(long Id, float[] Vector)> Choose(Timbre.Core.Catalog.ICatalogStore store, IReadOnlyList<SharedHit> hits, IReadOnlyDictionary<long, float[]> vectors)
        {
            var chosen = new List<(long Id, float[] Vector)>(count);
            var chosenKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var hit in hits)
            {
                if (chosen.Count == count)
                {
                    break;
                }

                var v = vectors[hit.Id];
                if (known.Contains(hit.Id) || known.Any(id => 1f - TensorPrimitives.Dot(held[id], v) < distance) || store.FindTrack(hit.Id) is not { } t)
                {
                    continue;
                }

                var key = TrackKey.Of(TrackText.Title(t), t.Artist ?? "");
                if ((key is not null && (seedKeys.Contains(key) || chosenKeys.Contains(key))) || chosen.Any(c => 1f - VectorMath.Cosine(c.Vector, v) < distance))
                {
                    continue;
                }

                if (key is not null)
                {
                    chosenKeys.Add(key);
                }

                chosen.Add((hit.Id, v));
            }

            return chosen;
        }
    }

    /// <summary>Whether the catalog's fitted space re-ranks similar songs by mutual proximity (as the snapshot and the shards do).</summary>
    private async Task<bool> ReRanksByProximityAsync(CancellationToken cancellationToken)
    {
        var analyzer = Analyzer;
        var options = SnapshotOptions.For(analyzer.ModelId, analyzer.FeatureVersion);
        return options.UseEmbeddingSpace && (await ReadAsync(s => CatalogContextLoader.SpaceFor(s, options), cancellationToken).ConfigureAwait(false))?.Proximity is not null;
    }

    /// <summary>The playlist space of one request on the shards (artists from the catalog, each read waiting for a reader without a thread).</summary>
    private SharedPlaylistSpace PlaylistSpace(ISharedPlaylistIndex shared) =>
        new(shared, async (id, ct) => (await ReadAsync(s => s.FindTrack(id), ct).ConfigureAwait(false))?.Artist);

    /// <summary>
    /// Summaries of <paramref name="tracks"/>, their predicted genres from <paramref name="snapshot"/>, or without one
    /// from the catalog (<c>analyses.top_genre</c>, as library pages read them).
    /// </summary>
    private List<TrackSummary> Summaries(IReadOnlyList<TrackRecord> tracks, CatalogSnapshot? snapshot)
    {
        var source = snapshot is null && tracks.Count > 0 ? PredictedSource() : null;
        var predicted = source is null ? null : Read(s => s.PredictedGenres([.. tracks.Select(t => t.Id)], source));
        return [.. tracks.Select(t => predicted is null ? Summary(t, snapshot) : Summary(t, null) with { PredictedGenre = predicted.GetValueOrDefault(t.Id) })];
    }

    private static double Similarity(float[] reference, float[] vector)
    {
        var cosine = TensorPrimitives.CosineSimilarity(reference, vector);
        return float.IsFinite(cosine) ? Math.Round((1 + cosine) / 2, 4) : 0;
    }
}
