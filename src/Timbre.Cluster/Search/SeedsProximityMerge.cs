using Timbre.Recommendation.Hubness;

namespace Timbre.Cluster.Search;

/// <summary>
/// Method 1 for several catalog seeds of weight 1 re-ranked by mutual proximity, as the single node does it
/// (<c>SeedScoring</c>'s mean, then <c>ProximityReranking</c>): the shards' candidates for the seeds' mean direction
/// merged by cosine (ties to the lower id), the best depth + seeds re-scored by the mean over the seeds of
/// MP(seed, c), every other candidate kept below them in the order of its mean score (cosine × |mean|).
/// </summary>
public static class SeedsProximityMerge
{
    /// <summary>
    /// Every candidate of <paramref name="parts"/> (answers for the unit mean direction, nothing excluded), best
    /// first; <paramref name="norm"/> is |mean|, <paramref name="seeds"/> each seed's unit vector and moments,
    /// <paramref name="vectors"/> the unit vectors of at least the re-ranked candidates.
    /// </summary>
    public static IReadOnlyList<SimilarHit> Merge(
        IReadOnlyList<ProximityAnswer> parts, float norm, IReadOnlyList<(float[] Unit, DistanceMoments Moments)> seeds, IReadOnlyDictionary<long, float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(vectors);
        var all = parts.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id).ToList();
        var depth = Math.Min(all.Count, Depth(parts, seeds.Count));
        if (depth == 0)
        {
            return [];
        }

        var values = new double[depth];
        var floor = double.PositiveInfinity;
        for (var i = 0; i < depth; i++)
        {
            var v = vectors[all[i].Id];
            var m = new DistanceMoments(all[i].Mean, all[i].Std);
            double total = 0, sum = 0;
            foreach (var (unit, moments) in seeds)
            {
                var mp = MutualProximity.Score(1.0 - System.Numerics.Tensors.TensorPrimitives.Dot(unit, v), moments, m);
                total += 1.0;
                sum += mp;
            }

            values[i] = total > 0 ? sum / total : 0;
            floor = Math.Min(floor, values[i]);
        }

        var cutoff = all[depth - 1].Score * norm;
        return [.. all.Select((h, i) => new SimilarHit(h.Id, i < depth ? (float)values[i] : (float)(floor - 1 - (cutoff - (h.Score * norm))), h.Dot))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id)];
    }

    /// <summary>Candidates the single node re-ranks: the index's own depth plus one per catalog seed.</summary>
    public static int Depth(IReadOnlyList<ProximityAnswer> parts, int seeds)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var depth = parts.Count == 0 ? 0 : parts.Max(p => p.Depth);
        return depth == 0 ? 0 : depth + seeds;
    }
}
