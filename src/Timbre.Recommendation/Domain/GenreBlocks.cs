using System.Numerics.Tensors;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Domain;

/// <summary>
/// Bounds over blocks of similar genre rows, so a genre profile finds its best rows by magnitude-aware Z without
/// scoring every row: the rows sorted by their two strongest genres and the top one's probability, cut into blocks of
/// <see cref="BlockRows"/>, each with its per-genre minimum and maximum and its norm range. A block whose bound on Z
/// is below the k-th best score found so far cannot hold a better row and is skipped. Built once per
/// <see cref="GenreRowTable"/> (an ungrouped one: a catalog of distinct predicted rows).
/// </summary>
internal sealed class GenreBlocks
{
    /// <summary>Rows per block.</summary>
    public const int BlockRows = 128;

    // A bound computed in float, in another order than the row's own dot product, may round below it: widen it.
    private const float RelativeSlack = 1e-4f;
    private const float AbsoluteSlack = 1e-6f;

    private readonly GenreRowTable _table;
    private readonly int[] _order;
    private readonly float[] _min;
    private readonly float[] _max;
    private readonly float[] _minNorm;
    private readonly float[] _maxNorm;
    private readonly int _genres;

    private GenreBlocks(GenreRowTable table, int genres, int[] order, float[] min, float[] max, float[] minNorm, float[] maxNorm)
    {
        _table = table;
        _genres = genres;
        _order = order;
        _min = min;
        _max = max;
        _minNorm = minNorm;
        _maxNorm = maxNorm;
    }

    /// <summary>Number of blocks.</summary>
    public int Count => _minNorm.Length;

    /// <summary>The blocks of an ungrouped <paramref name="table"/> whose rows hold <paramref name="genres"/> values each.</summary>
    public static GenreBlocks Of(GenreRowTable table, int genres)
    {
        if (table.GroupOfRow is not null)
        {
            throw new ArgumentException("A grouped genre table scores few rows already; it has no blocks.", nameof(table));
        }

        var rows = table.Norms.Length;
        var stride = table.Stride;
        var keys = new long[rows];
        var order = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = table.Matrix.AsSpan(r * stride, genres);
            var first = genres == 0 ? 0 : TensorPrimitives.IndexOfMax(row);
            var second = 0;
            var best = float.NegativeInfinity;
            for (var j = 0; j < genres; j++)
            {
                if (j != first && row[j] > best)
                {
                    (best, second) = (row[j], j);
                }
            }

            var top = genres == 0 ? 0f : Math.Clamp(row[first], 0f, 1f);
            keys[r] = ((((long)first * Math.Max(genres, 1)) + second) << 20) | (long)((1f - top) * ((1 << 20) - 1));
            order[r] = r;
        }

        Array.Sort(keys, order);
        var blocks = (rows + BlockRows - 1) / BlockRows;
        var min = new float[blocks * genres];
        var max = new float[blocks * genres];
        var minNorm = new float[blocks];
        var maxNorm = new float[blocks];
        for (var b = 0; b < blocks; b++)
        {
            var lo = min.AsSpan(b * genres, genres);
            var hi = max.AsSpan(b * genres, genres);
            lo.Fill(float.PositiveInfinity);
            hi.Fill(float.NegativeInfinity);
            minNorm[b] = float.PositiveInfinity;
            maxNorm[b] = 0f;
            for (var i = b * BlockRows; i < Math.Min(rows, (b + 1) * BlockRows); i++)
            {
                var r = order[i];
                var row = table.Matrix.AsSpan(r * stride, genres);
                TensorPrimitives.Min(lo, row, lo);
                TensorPrimitives.Max(hi, row, hi);
                minNorm[b] = Math.Min(minNorm[b], table.Norms[r]);
                maxNorm[b] = Math.Max(maxNorm[b], table.Norms[r]);
            }
        }

        return new GenreBlocks(table, genres, order, min, max, minNorm, maxNorm);
    }

    /// <summary>
    /// Every row whose Z against <paramref name="q"/> (a <see cref="GenreRowTable.Stride"/>-long, zero-padded profile
    /// of norm <paramref name="qNorm"/> &gt; 0) is at least the <paramref name="k"/>-th best score, ascending by row,
    /// with its Z as <see cref="Recommenders.ProfileRecommender"/>'s full scan computes it (the same kernel and
    /// formula; the JIT may fuse a multiply-add in one and not the other, a last-bit difference). No row left out
    /// scores as high as the lowest returned (unless fewer than k rows exist: then all are returned).
    /// </summary>
    public (int[] Rows, float[] Scores) Best(ReadOnlySpan<float> q, float qNorm, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var stride = _table.Stride;
        var matrix = _table.Matrix;
        var norms = _table.Norms;
        var bounds = new float[Count];
        var blockOrder = new int[Count];
        var qq = qNorm * qNorm;
        for (var b = 0; b < Count; b++)
        {
            var dot = 0f;
            for (var j = 0; j < _genres; j++)
            {
                dot += q[j] * (q[j] >= 0 ? _max[(b * _genres) + j] : _min[(b * _genres) + j]);
            }

            // Z = q·c / max(|q|, |c|)²: a positive bound is largest over the smallest denominator, a negative one over the largest.
            var bound = dot >= 0 ? dot / Math.Max(qq, _minNorm[b] * _minNorm[b]) : dot / Math.Max(qq, _maxNorm[b] * _maxNorm[b]);
            bounds[b] = -(bound + (Math.Abs(bound) * RelativeSlack) + AbsoluteSlack); // negated: ascending sort = best first
            blockOrder[b] = b;
        }

        Array.Sort(bounds, blockOrder);
        var heap = new TopKHeap(k);
        var found = new List<(int Row, float Score)>();
        var gathered = new float[BlockRows * stride];
        var dots = new float[BlockRows];
        for (var i = 0; i < blockOrder.Length; i++)
        {
            if (heap.Count == k && -bounds[i] < heap.Threshold)
            {
                break;
            }

            // The block's rows side by side, scored by the scan's own kernel.
            var b = blockOrder[i];
            var first = b * BlockRows;
            var n = Math.Min(_order.Length, first + BlockRows) - first;
            for (var p = 0; p < n; p++)
            {
                matrix.AsSpan(_order[first + p] * stride, stride).CopyTo(gathered.AsSpan(p * stride));
            }

            DotKernel.DotRows(gathered.AsSpan(0, n * stride), q, stride, dots.AsSpan(0, n));
            for (var p = 0; p < n; p++)
            {
                var r = _order[first + p];
                var largest = Math.Max(norms[r], qNorm);
                var z = dots[p] / (largest * largest);
                found.Add((r, z));
                if (heap.Accepts(z, r))
                {
                    heap.Add(z, r);
                }
            }
        }

        var threshold = heap.Threshold;
        var kept = found.Where(f => f.Score >= threshold).OrderBy(f => f.Row).ToArray();
        return ([.. kept.Select(f => f.Row)], [.. kept.Select(f => f.Score)]);
    }
}
