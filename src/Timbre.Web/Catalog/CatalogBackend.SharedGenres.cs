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
    /// Method 2 (default options) for one seed through the shards, then method 1's filters as <see cref="SimilarSharedAsync"/>
    /// applies them; null when the shards hold no genre vectors (the caller uses the snapshot).
    /// </summary>
    private async Task<List<RecommendationItem>?> SimilarByGenreSharedAsync(ISharedGenreIndex shared, long id, int count, CancellationToken cancellationToken)
    {
        var seed = await ReadAsync(s => s.FindTrack(id), cancellationToken).ConfigureAwait(false) ?? throw new TimbreException($"Track {id} is not in the catalog.");
        var supported = true;
        IReadOnlyList<string> genres = [];
        var items = await SharedItemsAsync(
            async (ask, ct) =>
            {
                if (await shared.SimilarByGenreAsync(id, GenreAwareOptions.Default, ask, ct).ConfigureAwait(false) is not { } found)
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
            count,
            cancellationToken).ConfigureAwait(false);
        return supported ? items : null;
    }

    /// <summary>
    /// The profile method for a user through the shards: the user's history folded as the snapshot folds it
    /// (<see cref="SharedHistoryAsync"/>), the profile q over their genre vectors (<see cref="GenreProfile.Of"/>), the shards'
    /// best rows by Z with the user's known tracks and near-duplicates of a liked track left out, then the selector's
    /// key filters. Null when the shards hold no genre vectors.
    /// </summary>
    private async Task<List<RecommendationItem>?> ProfileSharedAsync(ISharedGenreIndex shared, long userId, int count, CancellationToken cancellationToken)
    {
        if (await SharedHistoryAsync(shared, await ReadAsync(s => s.ListInteractions(userId), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return null;
        }

        var q = GenreProfile.Of(user.Labels.Count, user.Seeds);
        if (q is null || !user.Seeds.Any(s => s.Weight > 0))
        {
            throw new RecommendationException("The profile method needs a user history or seed songs.");
        }

        var profile = GenreProfile.Describe(user.Labels, q);
        return await MatchesAsync(shared, q, user.Seeds, user.Known, -1, count, hit => hit.Score >= 0.5f
            ? $"matches your genre profile ({profile}; searched on the cluster)"
            : string.Create(CultureInfo.InvariantCulture, $"weak match to your genre profile ({profile}): similarity {hit.Score:0.00}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The multicategory method through the shards, as <see cref="MulticategoryRecommender"/> with default options: the
    /// user's genre shares make the categories and their quotas (largest remainder); each category's list is the
    /// profile ranking of the user's songs in it over the tracks of that top genre; the overall profile fills what is
    /// left; the whole list ordered by score. Null when the shards hold no genre vectors.
    /// </summary>
    private async Task<List<RecommendationItem>?> MultiSharedAsync(ISharedGenreIndex shared, long userId, int count, CancellationToken cancellationToken)
    {
        if (await SharedHistoryAsync(shared, await ReadAsync(s => s.ListInteractions(userId), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return null;
        }

        var overall = GenreProfile.Of(user.Labels.Count, user.Seeds);
        if (overall is null || !user.Seeds.Any(s => s.Weight > 0))
        {
            throw new RecommendationException("The multicategory method needs a user history or seed songs.");
        }

        var shares = Shares(user);
        var threshold = MulticategoryOptions.Default.Threshold;
        var chosen = Enumerable.Range(0, shares.Length).Where(g => shares[g] > 0 && shares[g] >= threshold - 1e-12).ToList();
        if (chosen.Count == 0 && shares.Any(s => s > 0))
        {
            chosen.Add(Array.IndexOf(shares, shares.Max()));
        }

        var quotas = LargestRemainder.Apportion(count, chosen.Select(g => shares[g]).ToList());
        var result = new List<RecommendationItem>();
        var taken = new HashSet<long>();
        for (var c = 0; c < chosen.Count; c++)
        {
            var genre = chosen[c];
            if (quotas[c] == 0)
            {
                continue;
            }

            var inCategory = user.Seeds.Where(s => s.Track.TopGenre == genre).ToList();
            var q = GenreProfile.Of(user.Labels.Count, inCategory) ?? overall;
            var lead = string.Create(CultureInfo.InvariantCulture, $"{user.Labels[genre]} is {shares[genre]:P0} of what you like (searched on the cluster)");
            var items = await MatchesAsync(shared, q, inCategory.Count > 0 ? inCategory : user.Seeds, [.. user.Known, .. taken], genre, quotas[c], _ => lead, cancellationToken).ConfigureAwait(false);
            result.AddRange(items);
            taken.UnionWith(items.Select(i => i.Id));
        }

        if (result.Count < count)
        {
            result.AddRange(await MatchesAsync(shared, overall, user.Seeds, [.. user.Known, .. taken], -1, count - result.Count, _ => "fills up from your overall profile", cancellationToken).ConfigureAwait(false));
        }

        return [.. result.OrderByDescending(i => i.Score)];
    }

    /// <summary>
    /// The first <paramref name="count"/> tracks by Z against <paramref name="q"/> (of <paramref name="topGenre"/> when
    /// ≥ 0) that the selector would take with <paramref name="seeds"/> as its seeds: none of <paramref name="exclude"/>,
    /// no near-duplicate of a positive seed (on the shards), no title-and-artist key of a seed or of a chosen track.
    /// </summary>
    private async Task<List<RecommendationItem>> MatchesAsync(ISharedGenreIndex shared, float[] q, IReadOnlyList<Seed> seeds, IReadOnlyCollection<long> exclude, int topGenre, int count, Func<SharedHit, string> why, CancellationToken cancellationToken)
    {
        var seedKeys = await ReadAsync(r => seeds.Select(s => r.FindTrack(s.Track.Id) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).ToList(), cancellationToken).ConfigureAwait(false);
        var positives = seeds.Where(s => s.Weight > 0).Select(s => s.Unit).ToList();
        var distance = new RecommendationFilters().DuplicateDistance;
        return await SharedItemsAsync(
            async (ask, ct) => await shared.ProfileMatchesAsync(q, positives, distance, exclude, ask, topGenre, ct).ConfigureAwait(false) ?? [],
            seedKeys,
            cosineDuplicates: false,
            why,
            count,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A user's history as the snapshot folds it, from the shards: per track the index holds, the default preference
    /// weight of its interactions; the seeds (non-zero weights, by track id) with their unit and genre vectors; every
    /// track the user touched (the selector's known tracks). Null when the shards hold no genre vectors.
    /// </summary>
    private static async Task<SharedUser?> SharedHistoryAsync(ISharedGenreIndex shared, IReadOnlyList<InteractionRecord> events, CancellationToken cancellationToken)
    {
        var history = events.GroupBy(i => i.TrackId).ToList();
        if (await shared.GenreTracksAsync([.. history.Select(g => g.Key)], cancellationToken).ConfigureAwait(false) is not { } held)
        {
            return null;
        }

        var weights = PreferenceWeights.Default;
        var seeds = history.Where(g => held.Tracks.ContainsKey(g.Key)).OrderBy(g => g.Key)
            .Select(g => (Id: g.Key, Weight: weights.Aggregate(g.Select(CatalogSnapshot.InteractionOf))))
            .Where(s => s.Weight != 0)
            .Select(s => new Seed(-1, new TrackFeatures(s.Id, "", "", "", "", 0, held.Tracks[s.Id].Genres, []), held.Tracks[s.Id].Unit, s.Weight))
            .ToList();
        return new SharedUser(held.Labels, seeds, [.. history.Select(g => g.Key)]);
    }

    /// <summary><see cref="GenreShares"/>: the share of the positive weight whose track has each top genre.</summary>
    private static double[] Shares(SharedUser user)
    {
        var shares = new double[user.Labels.Count];
        double total = 0;
        foreach (var s in user.Seeds)
        {
            var g = s.Track.TopGenre;
            if (s.Weight > 0 && g >= 0)
            {
                shares[g] += s.Weight;
                total += s.Weight;
            }
        }

        for (var g = 0; total > 0 && g < shares.Length; g++)
        {
            shares[g] /= total;
        }

        return shares;
    }

    /// <summary>The user's genre shares (as the taste page shows them) from the shards' genre vectors, or null.</summary>
    private static async Task<Dictionary<string, double>?> SharesSharedAsync(ISharedGenreIndex shared, IReadOnlyList<InteractionRecord> events, CancellationToken cancellationToken)
    {
        if (await SharedHistoryAsync(shared, events, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return null;
        }

        var shares = Shares(user);
        return Enumerable.Range(0, shares.Length).Where(g => shares[g] > 0).ToDictionary(g => user.Labels[g], g => shares[g]);
    }

    /// <summary>A user's history on the shards (<see cref="SharedHistoryAsync"/>).</summary>
    private sealed record SharedUser(IReadOnlyList<string> Labels, List<Seed> Seeds, List<long> Known);
}
