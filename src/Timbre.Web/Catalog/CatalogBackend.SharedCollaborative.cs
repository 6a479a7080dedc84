using System.Numerics.Tensors;
using Timbre.App.SharedIndex;
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
    private List<RecommendationItem> CfShared(ISharedCollaborative shared, long userId, int count)
    {
        var first = shared.UserKnn(userId, count + 16);
        if (!first.Scored)
        {
            return [];
        }

        var seedKeys = first.Seeds.Select(s => Read(r => r.FindTrack(s.Id)) is { } t ? TrackKey.Of(TrackText.Title(t), t.Artist ?? "") : null).ToList();
        var positives = shared.Units([.. first.Seeds.Where(s => s.Weight > 0).Select(s => s.Id)]).Values.ToList();
        var distance = new RecommendationFilters().DuplicateDistance;
        IReadOnlyList<SharedHit> Nearest(int ask)
        {
            // Near-duplicates of a liked track are dropped before the key filters, as the selector drops them.
            for (var k = ask; ; k *= 4)
            {
                var answer = k == first.Hits.Count ? first : shared.UserKnn(userId, k);
                var units = positives.Count == 0 ? new Dictionary<long, float[]>() : shared.Units([.. answer.Hits.Select(h => h.Id)]);
                var kept = answer.Hits.Where(h => !units.TryGetValue(h.Id, out var u) || !positives.Any(p => 1f - TensorPrimitives.Dot(p, u) < distance)).ToList();
                if (kept.Count >= ask || answer.Hits.Count >= answer.Candidates)
                {
                    return [.. kept.Take(ask)];
                }
            }
        }

        return SharedItems(Nearest, seedKeys, cosineDuplicates: false, _ => "listeners with your taste liked it (scored on the cluster)", count);
    }
}
