using System.Globalization;
using System.Numerics.Tensors;
using Timbre.App.SharedIndex;
using Timbre.Core.Errors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Collaborative filtering through the cluster's model (<see cref="ISharedCollaborative"/>), without the snapshot.</summary>
public sealed partial class CatalogBackend
{
    /// <summary>
    /// A user's recommendations by user-kNN (the web API's <c>cf</c>) as the in-process method gives them: the cluster's
    /// model scores every track the user's neighbours weighted, leaving out what the user touched; here the selector's
    /// default filters: no title-and-artist key of a seed (every track the user weighted) or of a chosen track, nothing
    /// within the duplicate distance of a positively weighted seed. Empty when user-kNN cannot score the user.
    /// </summary>
    private async Task<List<RecommendationItem>> CfSharedAsync(ISharedCollaborative shared, long userId, int count, CancellationToken cancellationToken)
    {
        var first = await shared.UserKnnAsync(userId, count + 16, cancellationToken).ConfigureAwait(false);
        if (!first.Scored)
        {
            return [];
        }

        var seedKeys = await ReadAsync(r => first.Seeds.Select(s => r.FindTrack(s.Id) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).ToList(), cancellationToken).ConfigureAwait(false);
        var positives = (await shared.UnitsAsync([.. first.Seeds.Where(s => s.Weight > 0).Select(s => s.Id)], cancellationToken).ConfigureAwait(false)).Values.ToList();
        var distance = new RecommendationFilters().DuplicateDistance;
        async Task<IReadOnlyList<SharedHit>> Nearest(int ask, CancellationToken ct)
        {
            // Near-duplicates of a liked track are dropped before the key filters, as the selector drops them.
            for (var k = ask; ; k *= 4)
            {
                var answer = k == first.Hits.Count ? first : await shared.UserKnnAsync(userId, k, ct).ConfigureAwait(false);
                var units = positives.Count == 0 ? new Dictionary<long, float[]>() : await shared.UnitsAsync([.. answer.Hits.Select(h => h.Id)], ct).ConfigureAwait(false);
                var kept = answer.Hits.Where(h => !units.TryGetValue(h.Id, out var u) || !positives.Any(p => 1f - TensorPrimitives.Dot(p, u) < distance)).ToList();
                if (kept.Count >= ask || answer.Hits.Count >= answer.Candidates)
                {
                    return [.. kept.Take(ask)];
                }
            }
        }

        return await SharedItemsAsync(Nearest, seedKeys, cosineDuplicates: false, _ => "listeners with your taste liked it (scored on the cluster)", count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Similar songs by the hybrid method through the shards: without a user the in-process method is its content part
    /// alone (method 2's scores standardised over every row); the selector's key filters here. Null when the shards hold
    /// no genre vectors (the caller uses its snapshot).
    /// </summary>
    private async Task<List<RecommendationItem>?> HybridSimilarSharedAsync(ISharedCollaborative shared, long id, int count, CancellationToken cancellationToken)
    {
        var seed = await ReadAsync(s => s.FindTrack(id), cancellationToken).ConfigureAwait(false) ?? throw new TimbreException($"Track {id} is not in the catalog.");
        var supported = true;
        var items = await SharedItemsAsync(
            async (ask, ct) =>
            {
                if (await shared.HybridSimilarAsync(id, ask, ct).ConfigureAwait(false) is not { } found)
                {
                    supported = false;
                    return [];
                }

                return found.Hits ?? throw new TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
            },
            [TrackKey.Of(TrackText.Title(seed), seed.Artist ?? "")],
            cosineDuplicates: false,
            hit => string.Create(CultureInfo.InvariantCulture, $"Sounds like \"{TrackText.Title(seed)}\" (hybrid, content alone without a listener: z {hit.Score:0.000}, scored on the cluster)"),
            count,
            cancellationToken).ConfigureAwait(false);
        return supported ? items : null;
    }

    /// <summary>
    /// A user's recommendations by the hybrid method through the cluster: content z-scores from the shards blended with
    /// the cluster's user-kNN per track, then the selector's key filters. Null where the cluster cannot reproduce the
    /// in-process method (no genre vectors, or no positively weighted track).
    /// </summary>
    private async Task<List<RecommendationItem>?> HybridUserSharedAsync(ISharedCollaborative shared, long userId, int count, CancellationToken cancellationToken)
    {
        var ask = count + 16;
        if (await shared.HybridForUserAsync(userId, ask, cancellationToken).ConfigureAwait(false) is not { } first)
        {
            return null;
        }

        var seedKeys = await ReadAsync(r => first.Seeds.Select(id => r.FindTrack(id) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).ToList(), cancellationToken).ConfigureAwait(false);
        return await SharedItemsAsync(
            async (k, ct) => (k == ask ? first : await shared.HybridForUserAsync(userId, k, ct).ConfigureAwait(false))?.Hits ?? [],
            seedKeys,
            cosineDuplicates: false,
            _ => "your sound and listeners with your taste (hybrid, scored on the cluster)",
            count,
            cancellationToken).ConfigureAwait(false);
    }
}
