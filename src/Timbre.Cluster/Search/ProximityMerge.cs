using Timbre.Recommendation.Hubness;

namespace Timbre.Cluster.Search;

/// <summary>One similar track from the shards: its final score (mutual proximity when the index re-ranks, else cosine) and its cosine to the query.</summary>
/// <param name="Id">Track id.</param>
/// <param name="Score">The score it is ranked by.</param>
/// <param name="Cosine">Its dot product with the query's unit vector.</param>
public readonly record struct SimilarHit(long Id, float Score, float Cosine);

/// <summary>
/// The client's half of similar songs over shards, as the single-node re-ranking (<c>ProximityReranking</c>, one
/// seed of weight 1) does it: the shards' candidates merged by cosine (score descending, ties to the lower id: the
/// single-node row order), the best <see cref="ProximityAnswer.Depth"/> re-scored by MP(query, c) from the moments
/// the shards computed, every other candidate kept below them in cosine order
/// (floor − 1 − (cutoff − cosine)), then the excluded ids dropped and the best k kept.
/// </summary>
public static class ProximityMerge
{
    /// <summary>The k best of the shards' answers.</summary>
    public static IReadOnlyList<SimilarHit> Merge(IReadOnlyList<ProximityAnswer> parts, int k, IReadOnlyCollection<long> exclude)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(exclude);
        var all = parts.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id).ToList();
        var depth = Math.Min(parts.Count == 0 ? 0 : parts.Max(p => p.Depth), all.Count);
        IEnumerable<SimilarHit> scored;
        if (depth == 0)
        {
            scored = all.Select(h => new SimilarHit(h.Id, h.Score, h.Dot));
        }
        else
        {
            var query = parts.FirstOrDefault(p => p.QueryMean is not null)
                ?? throw new InvalidOperationException("No shard gave the query's distance moments (is the query track in the index?).");
            var moments = new DistanceMoments(query.QueryMean!.Value, query.QueryStd!.Value);
            var values = new double[depth];
            var floor = double.PositiveInfinity;
            for (var i = 0; i < depth; i++)
            {
                values[i] = MutualProximity.Score(1.0 - all[i].Dot, moments, new DistanceMoments(all[i].Mean, all[i].Std));
                floor = Math.Min(floor, values[i]);
            }

            var cutoff = all[depth - 1].Score;
            scored = all.Select((h, i) => new SimilarHit(h.Id, i < depth ? (float)values[i] : (float)(floor - 1 - (cutoff - h.Score)), h.Dot))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Id);
        }

        return [.. scored.Where(h => !exclude.Contains(h.Id)).Take(k)];
    }
}
