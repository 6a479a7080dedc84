using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Ranking;

/// <summary>
/// Shared last step of every recommender: from one score per row (NaN or −∞ = not a candidate) pick the top n
/// that pass <see cref="RecommendationFilters"/> — never a seed, never an excluded or (optionally) known track,
/// genre include/exclude, no near-duplicates, per-artist cap — with optional MMR diversity, and explain each.
/// </summary>
public static class CandidateSelector
{
    /// <summary>Selects and explains. <paramref name="lead"/> gives an optional method-specific first clause per row.</summary>
    public static IReadOnlyList<RecommendedTrack> Select(
        RecommendationContext context,
        ReadOnlySpan<float> scores,
        RecommendationRequest request,
        IReadOnlyList<Seed> seeds,
        Func<int, string?>? lead = null)
        => Explain(context, SelectScored(context, [], scores, sparse: false, request, seeds)!, seeds, lead);

    /// <summary>
    /// As <see cref="Select(RecommendationContext, ReadOnlySpan{float}, RecommendationRequest, IReadOnlyList{Seed}, Func{int, string?})"/>
    /// over a few candidate rows and their scores (an approximate search's), without a score per catalog row: the
    /// work is proportional to the candidates, not to the catalog.
    /// </summary>
    public static IReadOnlyList<RecommendedTrack> SelectCandidates(
        RecommendationContext context,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> scores,
        RecommendationRequest request,
        IReadOnlyList<Seed> seeds,
        Func<int, string?>? lead = null)
    {
        CheckCandidates(rows, scores);
        return Explain(context, SelectScored(context, rows, scores, sparse: true, request, seeds)!, seeds, lead);
    }

    private static void CheckCandidates(ReadOnlySpan<int> rows, ReadOnlySpan<float> scores)
    {
        if (rows.Length != scores.Length)
        {
            throw new ArgumentException($"Got {rows.Length} candidate rows but {scores.Length} scores.", nameof(scores));
        }
    }

    /// <summary>
    /// As <see cref="SelectCandidates"/> when <paramref name="rows"/> are every row scoring at least their lowest score
    /// (and the rest of the catalog scores lower): the selection equals the full scan's as long as each pool the
    /// selector draws is full of candidates and yields the n tracks asked for. Null otherwise — the caller scans.
    /// </summary>
    internal static IReadOnlyList<RecommendedTrack>? SelectFromBest(
        RecommendationContext context,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> scores,
        RecommendationRequest request,
        IReadOnlyList<Seed> seeds,
        Func<int, string?>? lead = null)
    {
        CheckCandidates(rows, scores);
        return SelectScored(context, rows, scores, sparse: true, request, seeds, complete: true) is { } chosen ? Explain(context, chosen, seeds, lead) : null;
    }

    /// <summary>The chosen rows, best first (without explanations).</summary>
    public static IReadOnlyList<int> SelectRows(RecommendationContext context, ReadOnlySpan<float> scores, RecommendationRequest request, IReadOnlyList<Seed> seeds)
        => SelectScored(context, [], scores, sparse: false, request, seeds)!.Select(c => c.Row).ToList();

    private static RecommendedTrack[] Explain(RecommendationContext context, List<(int Row, float Score)> chosen, IReadOnlyList<Seed> seeds, Func<int, string?>? lead)
    {
        var result = new RecommendedTrack[chosen.Count];
        for (var i = 0; i < chosen.Count; i++)
        {
            var (row, score) = chosen[i];
            var (why, seedId) = Explainer.Explain(context, row, seeds, lead?.Invoke(row));
            result[i] = new RecommendedTrack(context.Tracks[row].Id, score, why, seedId);
        }

        return result;
    }

    /// <summary>
    /// The chosen rows with their scores, best first. Dense: <paramref name="scores"/> has one score per row. Sparse:
    /// <paramref name="scores"/>[i] is the score of row <paramref name="rows"/>[i] and other rows are not candidates.
    /// With <paramref name="complete"/>, null when a pool is not full or the n are not found (see <see cref="SelectFromBest"/>).
    /// </summary>
    private static List<(int Row, float Score)>? SelectScored(
        RecommendationContext context, ReadOnlySpan<int> rows, ReadOnlySpan<float> scores, bool sparse, RecommendationRequest request, IReadOnlyList<Seed> seeds, bool complete = false)
    {
        request.Validate();
        var n = request.Count;
        var f = request.Filters;
        if (n == 0 || context.Tracks.Count == 0)
        {
            return [];
        }

        var blocked = BlockedRows(context, request, seeds);
        var seedKeys = f.DropNearDuplicates ? seeds.Select(s => s.Track.SelectionKeys.Name).Where(k => k != 0).ToHashSet() : [];
        var genreFilter = f.IncludeGenres.Count > 0 || f.ExcludeGenres.Count > 0;
        var poolSize = Math.Min(context.Tracks.Count, f.DiversityLambda < 1 ? (n * 10) + 50 : (n * 4) + 32);
        while (true)
        {
            var heap = new TopKHeap(poolSize);
            var valid = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i];
                if (float.IsNaN(s) || float.IsNegativeInfinity(s))
                {
                    continue;
                }

                var r = sparse ? rows[i] : i;
                if (genreFilter && !PassesGenres(context, r, f))
                {
                    continue;
                }

                // The cheap test first: on a dense scan most rows never enter the pool, so the blocked-set lookup and
                // the near-duplicate test (a title key and a dot product per seed) run only for the few that would.
                if (sparse && blocked.Contains(r))
                {
                    continue;
                }

                valid++;
                if (heap.Accepts(s, r) && !blocked.Contains(r) && PassesDuplicates(context, r, f, seeds, seedKeys))
                {
                    heap.Add(s, r);
                }
            }

            if (!sparse)
            {
                foreach (var b in blocked)
                {
                    if (b < scores.Length && !float.IsNaN(scores[b]) && !float.IsNegativeInfinity(scores[b]) && (!genreFilter || PassesGenres(context, b, f)))
                    {
                        valid--; // counted above as a candidate, but never one
                    }
                }
            }

            var pool = heap.ToSortedArray();
            if (complete && pool.Length < poolSize)
            {
                return null;
            }

            var chosen = Greedy(context, pool, n, f);
            if (complete && chosen.Count < n && valid <= poolSize)
            {
                return null;
            }

            if (chosen.Count >= n || valid <= poolSize)
            {
                return chosen;
            }

            poolSize = Math.Min(context.Tracks.Count, poolSize * 4);
        }
    }

    private static HashSet<int> BlockedRows(RecommendationContext context, RecommendationRequest request, IReadOnlyList<Seed> seeds)
    {
        var blocked = new HashSet<int>();
        foreach (var s in seeds)
        {
            if (s.Row >= 0)
            {
                blocked.Add(s.Row);
            }
        }

        foreach (var id in request.SeedTrackIds.Concat(request.Filters.ExcludeIds))
        {
            var row = context.RowOf(id);
            if (row >= 0)
            {
                blocked.Add(row);
            }
        }

        if (request.Filters.ExcludeKnown && request.UserId is not null)
        {
            blocked.UnionWith(context.WeightsOf(request.UserId).Keys);
        }

        return blocked;
    }

    private static bool PassesGenres(RecommendationContext context, int row, RecommendationFilters f)
    {
        if (f.IncludeGenres.Count > 0 || f.ExcludeGenres.Count > 0)
        {
            var g = context.TopGenreOf(row);
            var label = g >= 0 ? context.GenreLabels[g] : "";
            if ((f.IncludeGenres.Count > 0 && !f.IncludeGenres.Contains(label)) || f.ExcludeGenres.Contains(label))
            {
                return false;
            }
        }

        return true;
    }

    private static bool PassesDuplicates(RecommendationContext context, int row, RecommendationFilters f, IReadOnlyList<Seed> seeds, HashSet<ulong> seedKeys)
    {
        if (!f.DropNearDuplicates)
        {
            return true;
        }

        var key = context.Tracks[row].SelectionKeys.Name;
        if (key != 0 && seedKeys.Contains(key))
        {
            return false;
        }

        var v = context.Index.VectorAt(row);
        foreach (var s in seeds)
        {
            if (s.Weight > 0 && 1f - TensorPrimitives.Dot(s.Unit, v) < f.DuplicateDistance)
            {
                return false;
            }
        }

        return true;
    }

    private static List<(int Row, float Score)> Greedy(RecommendationContext context, (float Score, int Row)[] pool, int n, RecommendationFilters f)
    {
        var chosen = new List<(int Row, float Score)>(n);
        var keys = new HashSet<ulong>();
        var perArtist = new Dictionary<ulong, int>();
        var used = new bool[pool.Length];
        var lambda = f.DiversityLambda;
        var min = pool.Length > 0 ? pool[^1].Score : 0f;
        var range = pool.Length > 0 ? pool[0].Score - min : 0f;
        var maxSim = new float[pool.Length];
        Array.Fill(maxSim, float.NegativeInfinity);
        while (chosen.Count < n)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < pool.Length; i++)
            {
                if (used[i])
                {
                    continue;
                }

                double value = pool[i].Score;
                if (lambda < 1)
                {
                    var rel = range > 0 ? (pool[i].Score - min) / range : 1.0;
                    var penalty = chosen.Count == 0 ? 0.0 : maxSim[i];
                    value = (lambda * rel) - ((1 - lambda) * penalty);
                }

                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            used[best] = true;
            var row = pool[best].Row;
            if (!Admissible(context, row, f, keys, perArtist, chosen))
            {
                continue;
            }

            chosen.Add((row, pool[best].Score));
            if (lambda < 1)
            {
                var v = context.Index.VectorAt(row);
                for (var i = 0; i < pool.Length; i++)
                {
                    if (!used[i])
                    {
                        maxSim[i] = Math.Max(maxSim[i], VectorMath.Cosine(context.Index.VectorAt(pool[i].Row), v));
                    }
                }
            }
        }

        return chosen;
    }

    private static bool Admissible(RecommendationContext context, int row, RecommendationFilters f, HashSet<ulong> keys, Dictionary<ulong, int> perArtist, List<(int Row, float Score)> chosen)
    {
        var (key, artist) = context.Tracks[row].SelectionKeys;
        if (f.MaxPerArtist > 0 && artist != 0 && perArtist.GetValueOrDefault(artist) >= f.MaxPerArtist)
        {
            return false;
        }

        if (f.DropNearDuplicates)
        {
            if (key != 0 && keys.Contains(key))
            {
                return false;
            }

            var v = context.Index.VectorAt(row);
            foreach (var (c, _) in chosen)
            {
                if (1f - VectorMath.Cosine(context.Index.VectorAt(c), v) < f.DuplicateDistance)
                {
                    return false;
                }
            }

            if (key != 0)
            {
                keys.Add(key);
            }
        }

        if (f.MaxPerArtist > 0 && artist != 0)
        {
            perArtist[artist] = perArtist.GetValueOrDefault(artist) + 1;
        }

        return true;
    }
}
