using System.Globalization;
using Timbre.App.Analysis;
using Timbre.App.Library;
using Timbre.App.SharedIndex;
using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Similar songs from the cluster's sharded index (<see cref="CatalogBackendOptions.SharedIndex"/>).</summary>
public sealed partial class CatalogBackend
{
    /// <summary>
    /// Method 1 through the shared index: its exact top k by cosine (re-ranked by mutual proximity when the catalog's
    /// fitted space asks for it, as in process), then the in-process selector's default filters
    /// (never the seed; no near-duplicate of it: same title and artist key, or a vector within
    /// <see cref="RecommendationFilters.DuplicateDistance"/>; no second track with the key of one already chosen),
    /// asking for more when they drop too many. Two chosen tracks within that distance of each other but with
    /// different keys are both kept (the shards return scores, not vectors): the in-process selector drops the second. Equal to the
    /// in-process method 1 (same ids, scores within float rounding) wherever that is exact: no approximate graph
    /// (catalogs under the graph threshold).
    /// </summary>
    private async Task<List<RecommendationItem>> SimilarSharedAsync(ISharedIndex shared, long id, int count, CancellationToken cancellationToken)
    {
        var seed = await ReadAsync(s => s.FindTrack(id), cancellationToken).ConfigureAwait(false) ?? throw new TimbreException($"Track {id} is not in the catalog.");
        return await SharedItemsAsync(
            async (ask, ct) => await shared.NearestAsync(id, ask, ct).ConfigureAwait(false) ?? throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan."),
            TrackText.Title(seed),
            seed.Artist,
            count,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An upload's similar songs through the shared index, without the snapshot: the file analysed by every set the
    /// shards' index needs (the served model's set, or each set of the catalog's fitted space, transformed by it as
    /// the shard rows are), then the shards' exact cosine top k with method 1's filters, as <see cref="SimilarSharedAsync"/>.
    /// The analysis runs on the caller's thread (CPU work); the shards' answer is awaited.
    /// </summary>
    private async Task<UploadAnalysis> AnalyzeSharedAsync(ISharedIndex shared, string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken)
    {
        var analyzer = Analyzer;
        var options = SnapshotOptions.For(analyzer.ModelId, analyzer.FeatureVersion);
        var space = options.UseEmbeddingSpace ? Read(s => CatalogContextLoader.SpaceFor(s, options)) : null;
        IReadOnlyList<SpaceSetRecord> sets = space is null ? [new SpaceSetRecord(analyzer.ModelId, analyzer.FeatureVersion, 0)] : space.Sets;
        var key = space?.Key ?? CatalogContextLoader.VersionKey(analyzer.ModelId, analyzer.FeatureVersion);
        var analyzers = OutsideSeeds.AnalyzersFor(sets, key, analyzer, _options.SpaceAnalyzers);
        var analysed = new FileAnalyzer(_decoder).Analyze(audioFile, analyzers, _options.AnalysisWindow, cancellationToken).ThrowIfAnyFailed();
        var vectors = sets.Select(set => analysed.Analyses.First(a => a.ModelId == set.ModelId && a.FeatureVersion == set.FeatureVersion).Embedding).ToList();
        var vector = space is null ? vectors[0] : space.Transform(vectors);
        var items = await SharedItemsAsync((ask, ct) => shared.NearestToAsync(vector, ask, ct), "your upload", analysed.Track.Artist, count, cancellationToken).ConfigureAwait(false);
        return Uploaded(analysed, items, addition);
    }

    private Task<List<RecommendationItem>> SharedItemsAsync(Func<int, CancellationToken, Task<IReadOnlyList<SharedHit>>> nearest, string seedTitle, string? seedArtist, int count, CancellationToken cancellationToken)
        => SharedItemsAsync(nearest, [TrackKey.Of(seedTitle, seedArtist ?? "")], cosineDuplicates: true, hit => hit.Score == hit.Cosine
            ? string.Create(CultureInfo.InvariantCulture, $"Sounds like \"{seedTitle}\" (cosine {hit.Score:0.000}, searched on the cluster)")
            : string.Create(CultureInfo.InvariantCulture, $"Sounds like \"{seedTitle}\" (mutual proximity {hit.Score:0.000}, cosine {hit.Cosine:0.000}, searched on the cluster)"), count, cancellationToken);

    /// <summary>
    /// The first <paramref name="count"/> hits (asking for more while the filters drop too many) that pass the
    /// selector's default filters: no title-and-artist key of a seed (<paramref name="seedKeys"/>) or of a track already
    /// chosen; with <paramref name="cosineDuplicates"/>, no hit whose cosine to the seed is within the duplicate distance.
    /// </summary>
    private async Task<List<RecommendationItem>> SharedItemsAsync(Func<int, CancellationToken, Task<IReadOnlyList<SharedHit>>> nearest, IReadOnlyCollection<string?> seedKeys, bool cosineDuplicates, Func<SharedHit, string> why, int count, CancellationToken cancellationToken)
    {
        var analyzer = Analyzer;
        var filters = new RecommendationFilters();
        var ask = count + 16;
        while (true)
        {
            var hits = await nearest(ask, cancellationToken).ConfigureAwait(false);
            var snapshot = _live!.Current;

            // One catalog reader for the whole list (its reads are synchronous; the wait for a reader holds no thread).
            List<RecommendationItem> Choose(ICatalogStore s)
            {
                var chosen = new List<RecommendationItem>(count);
                var chosenKeys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var hit in hits)
                {
                    if (chosen.Count == count)
                    {
                        break;
                    }

                    if ((cosineDuplicates && 1f - hit.Cosine < filters.DuplicateDistance) || s.FindTrack(hit.Id) is not { } t)
                    {
                        continue;
                    }

                    var title = TrackText.Title(t);
                    var key = TrackKey.Of(title, t.Artist ?? "");
                    if (key is not null && (seedKeys.Contains(key) || !chosenKeys.Add(key)))
                    {
                        continue;
                    }

                    var genre = snapshot is not null ? snapshot.PredictedGenre(t.Id) : s.FindAnalysis(t.Id, analyzer.ModelId, analyzer.FeatureVersion)?.TopGenre;
                    chosen.Add(new RecommendationItem(t.Id, title, t.Artist ?? "", genre, t.DurationSeconds, hit.Score, why(hit)));
                }

                return chosen;
            }

            var items = await ReadAsync(Choose, cancellationToken).ConfigureAwait(false);

            if (items.Count == count || hits.Count < ask)
            {
                return items;
            }

            ask *= 4;
        }
    }
}
