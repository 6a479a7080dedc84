using System.Globalization;
using Timbre.App.SharedIndex;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Method 2 and the profile method through the cluster's shards (<see cref="ISharedGenreIndex"/>), without the snapshot.</summary>
public sealed partial class CatalogBackend
{
    /// <summary>
    /// Method 2 (default options) for one seed through the shards, then method 1's filters as <see cref="SimilarShared"/>
    /// applies them; null when the shards hold no genre vectors (the caller uses the snapshot).
    /// </summary>
    private List<RecommendationItem>? SimilarByGenreShared(ISharedGenreIndex shared, long id, int count)
    {
        var seed = Read(s => s.FindTrack(id)) ?? throw new TimbreException($"Track {id} is not in the catalog.");
        var supported = true;
        IReadOnlyList<string> genres = [];
        var items = SharedItems(
            ask =>
            {
                if (shared.SimilarByGenre(id, GenreAwareOptions.Default, ask) is not { } found)
                {
                    supported = false;
                    return [];
                }

                genres = found.SeedGenres;
                return found.Hits ?? throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
            },
            [TrackKey.Of(TrackText.Title(seed), seed.Artist ?? "")],
            cosineDuplicates: true,
            hit => string.Create(CultureInfo.InvariantCulture, $"Sounds like \"{TrackText.Title(seed)}\", boosted towards {string.Join("/", genres)} (score {hit.Score:0.000}, cosine {hit.Cosine:0.000}, searched on the cluster)"),
            count);
        return supported ? items : null;
    }

    /// <summary>
    /// The profile method for a user through the shards: the user's history folded as the snapshot folds it (the
    /// default preference weights, tracks the index holds), the profile q over their genre vectors
    /// (<see cref="GenreProfile.Of"/>), the shards' best rows by Z with the user's known tracks and near-duplicates of a
    /// liked track left out, then the selector's key filters. Null when the shards hold no genre vectors.
    /// </summary>
    private List<RecommendationItem>? ProfileShared(ISharedGenreIndex shared, long userId, int count)
    {
        var history = Read(s => s.ListInteractions(userId)).GroupBy(i => i.TrackId).ToList();
        if (shared.GenreTracks([.. history.Select(g => g.Key)]) is not { } held)
        {
            return null;
        }

        var weights = PreferenceWeights.Default;
        var seeds = history.Where(g => held.Tracks.ContainsKey(g.Key)).OrderBy(g => g.Key)
            .Select(g => (Id: g.Key, Weight: weights.Aggregate(g.Select(CatalogSnapshot.InteractionOf))))
            .Where(s => s.Weight != 0)
            .Select(s => new Seed(-1, new TrackFeatures(s.Id, "", "", "", "", 0, held.Tracks[s.Id].Genres, []), held.Tracks[s.Id].Unit, s.Weight))
            .ToList();
        var q = GenreProfile.Of(held.Labels.Count, seeds);
        if (q is null || !seeds.Any(s => s.Weight > 0))
        {
            throw new RecommendationException("The profile method needs a user history or seed songs.");
        }

        var profile = GenreProfile.Describe(held.Labels, q);
        var seedKeys = seeds.Select(s => Read(r => r.FindTrack(s.Track.Id)) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).ToList();
        var positives = seeds.Where(s => s.Weight > 0).Select(s => s.Unit).ToList();
        var known = history.Select(g => g.Key).ToList();
        var filters = new RecommendationFilters();
        return SharedItems(
            ask => shared.ProfileMatches(q, positives, filters.DuplicateDistance, known, ask) ?? [],
            seedKeys,
            cosineDuplicates: false,
            hit => hit.Score >= 0.5f
                ? $"matches your genre profile ({profile}; searched on the cluster)"
                : string.Create(CultureInfo.InvariantCulture, $"weak match to your genre profile ({profile}): similarity {hit.Score:0.00}"),
            count);
    }

    /// <summary>The user's genre shares (as the taste page shows them) from the shards' genre vectors, or null.</summary>
    private Dictionary<string, double>? SharesShared(ISharedGenreIndex shared, IReadOnlyList<InteractionRecord> events)
    {
        var history = events.GroupBy(i => i.TrackId).ToList();
        if (shared.GenreTracks([.. history.Select(g => g.Key)]) is not { } held)
        {
            return null;
        }

        // GenreShares: share of the positive weight whose track has each top genre.
        var totals = new double[held.Labels.Count];
        double total = 0;
        foreach (var g in history.Where(g => held.Tracks.ContainsKey(g.Key)).OrderBy(g => g.Key))
        {
            var w = PreferenceWeights.Default.Aggregate(g.Select(CatalogSnapshot.InteractionOf));
            var p = held.Tracks[g.Key].Genres;
            var top = p.Length == 0 ? -1 : Array.IndexOf(p, p.Max());
            if (w > 0 && top >= 0)
            {
                totals[top] += w;
                total += w;
            }
        }

        return Enumerable.Range(0, totals.Length).Where(g => totals[g] > 0).ToDictionary(g => held.Labels[g], g => totals[g] / total);
    }
}
