using Timbre.Cluster.Search;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Cluster.Collaborative;

/// <summary>
/// The hybrid method's ranking over the shards: the content part (method 2's scores without re-ranking, for the
/// seeds' mean directions) scored by every shard, standardised over every row from the shards' sums, blended with the
/// collaborative part (<see cref="CfHybrid"/>) per row. The shards return their best rows by content; a row none
/// returned scores at most the blend of the highest content cut-off, so the list is cut there and asked again deeper
/// when that leaves fewer than k.
/// </summary>
internal sealed class HybridContent
{
    private readonly ShardedSearch _search;
    private readonly ContentQuery _query;

    private HybridContent(ShardedSearch search, ContentQuery query)
    {
        _search = search;
        _query = query;
    }

    /// <summary>
    /// The content part for <paramref name="seeds"/> (track ids with non-zero weights, in id order) whose vectors are in
    /// <paramref name="found"/>; none of <paramref name="exclude"/> nor the seeds returned; the content of
    /// <paramref name="wanted"/> always. Null without a positive seed or with options the shards do not reproduce.
    /// </summary>
    public static HybridContent? Of(ShardedSearch search, (string[] Labels, IReadOnlyList<GenreTrack> Tracks) found, IReadOnlyList<(long Id, float Weight)> seeds, long[] exclude, long[] wanted)
    {
        var options = GenreAwareOptions.Default;
        var similarity = options.Similarity;
        var byId = found.Tracks.ToDictionary(t => t.Id);
        var held = seeds.Where(s => byId.ContainsKey(s.Id)).ToList();
        var positives = held.Where(s => s.Weight > 0).Select(s => (byId[s.Id].Unit, s.Weight)).ToList();
        var negatives = held.Where(s => s.Weight < 0).Select(s => (byId[s.Id].Unit, s.Weight)).ToList();
        if (positives.Count == 0 || options.Rule != GenreRule.Boost || similarity.Aggregation != SeedAggregation.Mean)
        {
            return null;
        }

        var (positiveMean, positiveFactor) = HybridMerge.Direction(positives, 1f);
        var (negativeMean, negativeFactor) = negatives.Count > 0 && similarity.DislikePush > 0 ? HybridMerge.Direction(negatives, -similarity.DislikePush) : ([], 0f);
        var genres = HybridMerge.SeedGenres([.. held.Select(s => (ShardGenres.TopOf(byId[s.Id].Genres), s.Weight))], found.Labels.Length, options.MinSeedShare);
        return new HybridContent(search, new ContentQuery
        {
            PositiveMean = positiveMean,
            PositiveFactor = positiveFactor,
            NegativeMean = negativeMean,
            NegativeFactor = negativeFactor,
            SeedGenres = genres,
            Beta = options.Beta,
            Exclude = [.. exclude.Concat(seeds.Select(s => s.Id)).Distinct()],
            Positives = [.. positives.Select(p => p.Unit)],
            DuplicateDistance = new RecommendationFilters().DuplicateDistance,
            Ids = wanted,
        });
    }

    /// <summary>The best <paramref name="k"/> rows by the blend (content alone without <paramref name="cf"/>), ties to the lower id.</summary>
    public async Task<IReadOnlyList<SharedHitOf>> Best(CfPart? cf, int k, CancellationToken cancellationToken = default)
    {
        for (var depth = k + 16; ; depth *= 4)
        {
            var parts = await _search.SearchContentAsync(_query with { K = depth }, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("A shard lost its genre vectors between two calls.");
            var moments = HybridMerge.Moments(parts.Sum(p => p.Sum), parts.Sum(p => p.SumOfSquares), parts.Sum(p => (long)p.Count));
            var content = new Dictionary<long, float>();
            foreach (var hit in parts.SelectMany(p => p.Best.Concat(p.Of)))
            {
                content[hit.Id] = hit.Score;
            }

            var support = new Dictionary<long, int>();
            if (cf is not null)
            {
                var unknown = content.Keys.Where(id => !cf.Shrunk.ContainsKey(id)).ToArray();
                var counts = unknown.Length == 0 ? [] : await cf.Support(unknown).ConfigureAwait(false);
                for (var i = 0; i < unknown.Length; i++)
                {
                    support[unknown[i]] = counts[i];
                }
            }

            float Score(long id, float s)
            {
                var c = HybridMerge.Z(s, moments);
                var f = cf is null ? float.NaN : cf.Shrunk.TryGetValue(id, out var z) ? z : support.GetValueOrDefault(id) > 0 ? cf.Floor : 0f;
                return HybridMerge.Blend(c, f, cf?.UserWeight ?? 0);
            }

            var ordered = content.Select(p => new SharedHitOf(p.Key, Score(p.Key, p.Value))).Where(h => !float.IsNaN(h.Score))
                .OrderByDescending(h => h.Score).ThenBy(h => h.Id).ToList();

            // A row no shard returned has content at most the highest cut-off of a shard that returned a full list.
            var full = parts.Where(p => p.Best.Length == depth).ToList();
            if (full.Count == 0)
            {
                return [.. ordered.Take(k)];
            }

            var cut = HybridMerge.Z(full.Max(p => p.Best[^1].Score), moments);
            var bound = cf is null ? cut : Max(HybridMerge.Blend(cut, 0f, cf.UserWeight), HybridMerge.Blend(cut, cf.Floor, cf.UserWeight));
            var certain = ordered.TakeWhile(h => h.Score > bound).Take(k).ToList();
            if (certain.Count == k)
            {
                return certain;
            }
        }
    }

    private static float Max(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>The collaborative part of one user's hybrid ranking.</summary>
    public sealed class CfPart(CfHybrid cf, double userWeight, Func<long[], Task<int[]>> support)
    {
        /// <summary>z'_cf per scored track the user does not know.</summary>
        public Dictionary<long, float> Shrunk { get; } = cf.Ids.Zip(cf.Shrunk).ToDictionary(p => p.First, p => p.Second);

        /// <summary>What a track others touched but the user's CF cannot score gets.</summary>
        public float Floor { get; } = cf.Floor;

        /// <summary>a for this user.</summary>
        public double UserWeight { get; } = userWeight;

        /// <summary>Item support of some tracks.</summary>
        public Task<int[]> Support(long[] ids) => support(ids);
    }
}

/// <summary>One row of a hybrid ranking.</summary>
internal readonly record struct SharedHitOf(long Id, float Score);
