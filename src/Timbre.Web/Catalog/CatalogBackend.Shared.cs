using System.Globalization;
using Timbre.App.SharedIndex;
using Timbre.Core.Errors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Similar songs from the cluster's sharded index (<see cref="CatalogBackendOptions.SharedIndex"/>).</summary>
public sealed partial class CatalogBackend
{
    /// <summary>
    /// Method 1 through the shared index: its exact top k by cosine, then the in-process selector's default filters
    /// (never the seed; no near-duplicate of it: same title and artist key, or a vector within
    /// <see cref="RecommendationFilters.DuplicateDistance"/>), asking for more when they drop too many. Equal to the
    /// in-process method 1 (same ids, scores within float rounding) wherever that is exact cosine: no fitted embedding
    /// space's mutual-proximity re-ranking and no approximate graph (catalogs under the graph threshold).
    /// </summary>
    private List<RecommendationItem> SimilarShared(ISharedIndex shared, long id, int count)
    {
        var analyzer = Analyzer;
        var seed = Read(s => s.FindTrack(id)) ?? throw new TimbreException($"Track {id} is not in the catalog.");
        var seedTitle = TrackText.Title(seed);
        var seedKey = TrackKey.Of(seedTitle, seed.Artist ?? "");
        var filters = new RecommendationFilters();
        var ask = count + 16;
        while (true)
        {
            var hits = shared.Nearest(id, ask)
                ?? throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
            var items = new List<RecommendationItem>(count);
            foreach (var hit in hits)
            {
                if (items.Count == count)
                {
                    break;
                }

                if (1f - hit.Score < filters.DuplicateDistance || Read(s => s.FindTrack(hit.Id)) is not { } t)
                {
                    continue;
                }

                var title = TrackText.Title(t);
                if (seedKey is not null && TrackKey.Of(title, t.Artist ?? "") == seedKey)
                {
                    continue;
                }

                var genre = _live!.Current is { } snapshot
                    ? snapshot.PredictedGenre(t.Id)
                    : Read(s => s.FindAnalysis(t.Id, analyzer.ModelId, analyzer.FeatureVersion))?.TopGenre;
                var why = string.Create(CultureInfo.InvariantCulture, $"Sounds like \"{seedTitle}\" (cosine {hit.Score:0.000}, searched on the cluster)");
                items.Add(new RecommendationItem(t.Id, title, t.Artist ?? "", genre, t.DurationSeconds, hit.Score, why));
            }

            if (items.Count == count || hits.Count < ask)
            {
                return items;
            }

            ask *= 4;
        }
    }
}
