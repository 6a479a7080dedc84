using System.Numerics.Tensors;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>
/// A shard's half of method 2 and of the profile method (<see cref="IIndexShardGrain.SearchGenres"/>), one pass over
/// its rows with the single-node kernels. Method 2: every row's similar-songs score s = |seed| · cosine (as
/// <c>SeedScoring</c> computes it for one seed), the shard's best <see cref="GenreAnswer.Depth"/> by s with their
/// distance moments when the index re-ranks by mutual proximity (nothing excluded: the single node re-ranks its seed
/// too), then its best <see cref="GenreQuery.K"/> other rows by s + β · mass (boost) or by s among the seed genres
/// (restrict). Profile: the best K rows by Z (of one top genre when asked), none excluded or duplicating a positive seed.
/// </summary>
internal static class ShardGenreSearch
{
    public static GenreAnswer Search(SimilarityIndex index, ShardGenres genres, MutualProximity? proximity, GenreQuery q, int shard)
    {
        var n = index.Count;
        var exclude = q.Exclude.ToHashSet();
        if (q.Kind == GenreQueryKind.Profile)
        {
            var z = new float[n];
            if (n > 0)
            {
                genres.Scorer.Z(q.Profile, z);
            }

            bool Duplicate(int r)
            {
                var v = index.VectorAt(r);
                foreach (var p in q.Positives)
                {
                    if (1f - TensorPrimitives.Dot(p, v) < q.DuplicateDistance)
                    {
                        return true;
                    }
                }

                return false;
            }

            var best = Best(z, r => (q.TopGenre < 0 || genres.Top[r] == q.TopGenre) && !exclude.Contains(index.IdAt(r)) && !Duplicate(r), q.K);
            return new GenreAnswer { Supported = true, Hits = [.. best.Select(r => new GenreHit(index.IdAt(r), z[r], z[r], 0, 0, 0, false, false))] };
        }

        var s = new float[n];
        if (n > 0)
        {
            var buffer = new float[n];
            index.ScoreAll(q.Unit, buffer);

            // SeedScoring for one seed of weight 1: cosine to the mean direction (the seed) times its norm.
            var factor = index.Metric == SimilarityMetric.Cosine ? TensorPrimitives.Norm(q.Unit) : 1f;
            if (factor != 0)
            {
                TensorPrimitives.MultiplyAdd(buffer, factor, s, s);
            }
        }

        float Mass(int r)
        {
            var p = genres.Vectors[r];
            var mass = 0f;
            foreach (var g in q.SeedGenres)
            {
                mass += p[g];
            }

            return mass;
        }

        bool InSeedGenres(int r) => Array.IndexOf(q.SeedGenres, genres.Top[r]) >= 0;
        var depth = proximity is null ? 0 : proximity.Options.Candidates + (q.QueryId is null ? 0 : 1);
        var top = depth == 0 ? [] : Best(s, _ => true, depth);
        var inTop = top.ToHashSet();
        var key = q.Kind == GenreQueryKind.Boost ? new float[n] : s;
        if (q.Kind == GenreQueryKind.Boost)
        {
            for (var r = 0; r < n; r++)
            {
                key[r] = s[r] + (q.Beta * Mass(r));
            }
        }

        var tail = Best(key, r => !inTop.Contains(r) && !exclude.Contains(index.IdAt(r)) && (q.Kind == GenreQueryKind.Boost || InSeedGenres(r)), q.K);
        GenreHit Hit(int r, bool reranked)
        {
            var v = index.VectorAt(r);
            var m = reranked ? proximity!.MomentsOf(index.IdAt(r), v) : default;
            return new GenreHit(index.IdAt(r), s[r], TensorPrimitives.Dot(q.Unit, v), m.Mean, m.Std, Mass(r), InSeedGenres(r), reranked);
        }

        DistanceMoments? query = proximity is null ? null
            : q.QueryId is { } id ? (index.RowOf(id) >= 0 ? proximity.MomentsOf(id, q.Unit) : null)
            : shard == 0 ? proximity.MomentsOf(q.Unit) : null;
        return new GenreAnswer
        {
            Supported = true,
            Hits = [.. top.Select(r => Hit(r, true)), .. tail.Select(r => Hit(r, false))],
            Depth = depth,
            QueryMean = query?.Mean,
            QueryStd = query?.Std,
        };
    }

    /// <summary>The best <paramref name="k"/> valid rows by score (NaN left out), best first, ties to the lower row (= lower id).</summary>
    internal static int[] Best(float[] scores, Func<int, bool> valid, int k)
    {
        if (k <= 0)
        {
            return [];
        }

        // Worst first: lower score, then higher row.
        var heap = new PriorityQueue<int, (float Score, int Row)>(k + 1, Comparer<(float Score, int Row)>.Create((a, b) =>
            a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Row.CompareTo(a.Row)));
        for (var r = 0; r < scores.Length; r++)
        {
            var score = scores[r];
            if (float.IsNaN(score))
            {
                continue;
            }

            if (heap.Count == k)
            {
                heap.TryPeek(out _, out var worst);
                if (score < worst.Score || (score == worst.Score && r > worst.Row))
                {
                    continue;
                }
            }

            if (!valid(r))
            {
                continue;
            }

            heap.Enqueue(r, (score, r));
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var rows = new int[heap.Count];
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            rows[i] = heap.Dequeue();
        }

        return rows;
    }
}
