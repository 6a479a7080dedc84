using Timbre.Recommendation.Hubness;

namespace Timbre.Cluster.Search;

/// <summary>
/// The client's half of method 2 over shards, as <c>GenreAwareRecommender</c> scores one seed on a single node: the
/// shards' rows, the best <see cref="GenreAnswer.Depth"/> by similar-songs score re-scored by mutual proximity
/// (<c>ProximityReranking</c>'s formula), every other row below them in score order (floor − 1 − (cutoff − s)),
/// then + β · mass (boost) or rows outside the seed genres dropped (restrict); the excluded ids dropped and the best k
/// kept, ties to the lower id.
/// </summary>
public static class GenreMerge
{
    /// <summary>The k best of the shards' method-2 answers, each with its final score and its cosine to the seed.</summary>
    public static IReadOnlyList<SimilarHit> Similar(IReadOnlyList<GenreAnswer> parts, GenreQuery query, int k, IReadOnlyCollection<long> exclude)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(exclude);
        var all = parts.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id).ToList();
        var depth = Math.Min(parts.Count == 0 ? 0 : parts.Max(p => p.Depth), all.Count);
        var scores = all.Select(h => h.Score).ToArray();
        if (depth > 0)
        {
            var seed = parts.FirstOrDefault(p => p.QueryMean is not null)
                ?? throw new InvalidOperationException("No shard gave the seed's distance moments (is the seed in the index?).");
            var moments = new DistanceMoments(seed.QueryMean!.Value, seed.QueryStd!.Value);
            var values = new double[depth];
            var floor = double.PositiveInfinity;
            for (var i = 0; i < depth; i++)
            {
                if (!all[i].Reranked)
                {
                    throw new InvalidOperationException($"Track {all[i].Id} is among the re-ranked candidates but its shard gave no moments.");
                }

                values[i] = MutualProximity.Score(1.0 - all[i].Dot, moments, new DistanceMoments(all[i].Mean, all[i].Std));
                floor = Math.Min(floor, values[i]);
            }

            var cutoff = all[depth - 1].Score;
            for (var i = 0; i < all.Count; i++)
            {
                scores[i] = i < depth ? (float)values[i] : (float)(floor - 1 - (cutoff - all[i].Score));
            }
        }

        for (var i = 0; i < all.Count; i++)
        {
            if (query.Kind == GenreQueryKind.Restrict)
            {
                scores[i] = all[i].InSeedGenres ? scores[i] : float.NaN;
            }
            else
            {
                scores[i] += query.Beta * all[i].Mass;
            }
        }

        return [.. all.Select((h, i) => new SimilarHit(h.Id, scores[i], h.Dot))
            .Where(h => !float.IsNaN(h.Score) && !exclude.Contains(h.Id))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id)
            .Take(k)];
    }

    /// <summary>The k best of the shards' profile answers by Z, ties to the lower id.</summary>
    public static IReadOnlyList<ShardHit> Profile(IReadOnlyList<GenreAnswer> parts, int k) =>
        ShardedSearch.Merge(parts.Select(p => p.Hits.Select(h => new ShardHit(h.Id, h.Score)).ToList()), k);
}
