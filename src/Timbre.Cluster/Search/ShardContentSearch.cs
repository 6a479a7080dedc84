using System.Numerics.Tensors;
using Timbre.Recommendation.Similarity;

namespace Timbre.Cluster.Search;

/// <summary>
/// A shard's half of the hybrid method's content part (<see cref="ContentQuery"/>): every row's s with the single
/// node's float arithmetic (<c>SeedScoring</c>'s mean-direction accumulation, then method 2's boost), their sums, the
/// best rows and the rows asked for.
/// </summary>
internal static class ShardContentSearch
{
    public static ContentAnswer Search(SimilarityIndex index, ShardGenres genres, ContentQuery q)
    {
        var n = index.Count;
        var s = new float[n];
        if (n > 0)
        {
            var buffer = new float[n];
            if (q.PositiveFactor != 0)
            {
                index.ScoreAll(q.PositiveMean, buffer);
                TensorPrimitives.MultiplyAdd(buffer, q.PositiveFactor, s, s);
            }

            if (q.NegativeMean.Length > 0 && q.NegativeFactor != 0)
            {
                index.ScoreAll(q.NegativeMean, buffer);
                TensorPrimitives.MultiplyAdd(buffer, q.NegativeFactor, s, s);
            }
        }

        double sum = 0, squares = 0;
        var count = 0;
        for (var r = 0; r < n; r++)
        {
            var p = genres.Vectors[r];
            var mass = 0f;
            foreach (var g in q.SeedGenres)
            {
                mass += p[g];
            }

            s[r] += q.Beta * mass;
            if (float.IsFinite(s[r]))
            {
                sum += s[r];
                squares += (double)s[r] * s[r];
                count++;
            }
        }

        var exclude = q.Exclude.ToHashSet();
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

        var best = ShardGenreSearch.Best(s, r => !exclude.Contains(index.IdAt(r)) && !Duplicate(r), q.K);
        var of = q.Ids.Select(id => (Id: id, Row: index.RowOf(id))).Where(p => p.Row >= 0 && !exclude.Contains(p.Id) && !Duplicate(p.Row)).Select(p => new ShardHit(p.Id, s[p.Row]));
        return new ContentAnswer
        {
            Supported = true, Sum = sum, SumOfSquares = squares, Count = count, Best = [.. best.Select(r => new ShardHit(index.IdAt(r), s[r]))], Of = [.. of],
        };
    }
}
