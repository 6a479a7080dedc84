using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Timbre.Core.Errors;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Exact cosine nearest-neighbour index that scans a compact int8 copy of the matrix (one scale per row) and
/// re-scores in float32 only the rows that could still enter the top k. For every row r it stores an upper bound
/// <c>U_r = approx_r + ‖e_r‖₂·‖q‖ + slack</c> on its exact score, where <c>e_r</c> is the row's quantisation residual
/// (Cauchy–Schwarz) and the slack covers float32 rounding of both dot products. A row is skipped only when
/// <c>U_r</c> is below the k-th best exact score found so far, so results — ids, scores, tie order — are identical to
/// <see cref="SimilarityIndex"/> (same float32 kernel), while a query reads ¼ of the memory. Cosine only.
/// </summary>
public sealed class QuantizedExactIndex : ISimilarityIndex
{
    private const int BlockRows = 4096;

    private readonly SimilarityIndex _exact;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly float[] _bounds;
    private readonly float _slack;
    private readonly double _maxCodeNorm; // max over rows of scale·‖codes‖₂
    private readonly bool _integerKernel;

    /// <summary>Builds the index from one vector per id (copied).</summary>
    public QuantizedExactIndex(IReadOnlyList<long> ids, IReadOnlyList<float[]> vectors, SimilarityIndexOptions? options = null)
        : this(new SimilarityIndex(ids, vectors, CheckCosine(options)))
    {
    }

    /// <summary>
    /// Builds the index over a row-major matrix of <paramref name="ids"/>.Length × <paramref name="dimension"/>,
    /// taken over (not copied) and L2-normalised in place, plus an int8 copy (¼ of its size).
    /// </summary>
    public QuantizedExactIndex(long[] ids, float[] matrix, int dimension, SimilarityIndexOptions? options = null)
        : this(new SimilarityIndex(ids, matrix, dimension, CheckCosine(options)))
    {
    }

    private QuantizedExactIndex(SimilarityIndex exact)
    {
        _exact = exact;
        var n = exact.Count;
        var d = exact.Dimension;
        _codes = new sbyte[(long)n * d];
        _scales = new float[n];
        _bounds = new float[n];
        for (var r = 0; r < n; r++)
        {
            Quantize(exact.VectorAt(r), _codes.AsSpan(r * d, d), out _scales[r], out _bounds[r]);
        }

        // Float32 rounding of the approximate and of the exact dot product: each is at most about d·2⁻²⁴ times
        // Σ|v_j q_j| ≤ ‖v‖‖q‖ ≈ 1; a factor 8 and an absolute term on top keep the bound safe.
        _slack = (float)(1e-6 + (8.0 * (d + 8) * Math.Pow(2, -24)));
        for (var r = 0; r < n; r++)
        {
            double norm = 0;
            foreach (var c in _codes.AsSpan(r * d, d))
            {
                norm += c * c;
            }

            _maxCodeNorm = Math.Max(_maxCodeNorm, _scales[r] * Math.Sqrt(norm));
        }

        // int8 rows × int16 query with exact int32 sums (no overflow: 127 · 32767 · 512 < 2³¹).
        _integerKernel = Avx2.IsSupported && d % 32 == 0 && d <= 512;
    }

    /// <inheritdoc />
    public int Count => _exact.Count;

    /// <inheritdoc />
    public int Dimension => _exact.Dimension;

    /// <inheritdoc />
    public SimilarityMetric Metric => SimilarityMetric.Cosine;

    /// <summary>Bytes held by the int8 copy, the scales and the bounds (the float32 matrix comes on top).</summary>
    public long CompactBytes => _codes.LongLength + (8L * Count);

    /// <inheritdoc />
    public long IdAt(int row) => _exact.IdAt(row);

    /// <inheritdoc />
    public int RowOf(long id) => _exact.RowOf(id);

    /// <inheritdoc />
    public ReadOnlySpan<float> VectorAt(int row) => _exact.VectorAt(row);

    /// <inheritdoc />
    public float ScoreRows(int a, int b) => _exact.ScoreRows(a, b);

    /// <inheritdoc />
    public void ScoreAll(ReadOnlySpan<float> query, Span<float> scores) => _exact.ScoreAll(query, scores);

    /// <inheritdoc />
    public IReadOnlyList<Neighbor> Search(ReadOnlySpan<float> query, int k, IReadOnlySet<long>? excludeIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"Query has dimension {query.Length}, the index has {Dimension}.", nameof(query));
        }

        var q = Prepare(VectorMath.Normalized(query));
        return ParallelTopK.Neighbors(Count, k, _exact.Options, BlockRows, (s, e, h, b) => ScanBlocks(q, s, e, h, excludeIds, b), IdAt);
    }

    /// <summary>
    /// Runs several searches in one pass over the int8 matrix (each block of rows is scored for every query while
    /// it is in cache), for throughput when many queries arrive together. Result i equals
    /// <c>Search(queries[i], k, excludeIds)</c>.
    /// </summary>
    public IReadOnlyList<Neighbor>[] SearchMany(IReadOnlyList<float[]> queries, int k, IReadOnlySet<long>? excludeIds = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var qs = new PreparedQuery[queries.Count];
        for (var i = 0; i < qs.Length; i++)
        {
            if (queries[i].Length != Dimension)
            {
                throw new ArgumentException($"Query {i} has dimension {queries[i].Length}, the index has {Dimension}.", nameof(queries));
            }

            qs[i] = Prepare(VectorMath.Normalized(queries[i]));
        }

        var capacity = Math.Min(k, Count);
        var results = new IReadOnlyList<Neighbor>[qs.Length];
        if (capacity == 0 || qs.Length == 0)
        {
            Array.Fill(results, Array.Empty<Neighbor>());
            return results;
        }

        var options = _exact.Options;
        var workers = Count < options.ParallelThreshold ? 1
            : options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        var parts = workers == 1 ? 1 : workers * 4;
        var rowsPerPart = (Count + parts - 1) / parts;
        var merged = qs.Select(_ => new TopKHeap(capacity)).ToArray();
        var gate = new object();
        Parallel.For(
            0,
            parts,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => (Heaps: qs.Select(_ => new TopKHeap(capacity)).ToArray(), Buffer: new float[BlockRows]),
            (part, _, local) =>
            {
                var start = part * rowsPerPart;
                var end = Math.Min(Count, start + rowsPerPart);
                for (var block = start; block < end; block += BlockRows)
                {
                    var blockEnd = Math.Min(end, block + BlockRows);
                    for (var i = 0; i < qs.Length; i++)
                    {
                        ScanBlocks(qs[i], block, blockEnd, local.Heaps[i], excludeIds, local.Buffer);
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var i = 0; i < qs.Length; i++)
                    {
                        merged[i].AddAll(local.Heaps[i]);
                    }
                }
            });
        for (var i = 0; i < qs.Length; i++)
        {
            results[i] = merged[i].ToSortedArray().Select(h => new Neighbor(h.Row, IdAt(h.Row), h.Score)).ToArray();
        }

        return results;
    }

    /// <summary>Upper bound on the exact float32 score of <paramref name="row"/> for a unit query (for tests).</summary>
    internal float UpperBound(ReadOnlySpan<float> unitQuery, int row)
    {
        Span<float> one = stackalloc float[1];
        var q = Prepare(unitQuery.ToArray());
        ApproxRange(q, row, one);
        return one[0] + _bounds[row] + _slack + q.Extra;
    }

    internal static void Quantize(ReadOnlySpan<float> v, Span<sbyte> codes, out float scale, out float bound)
    {
        var max = 0f;
        foreach (var x in v)
        {
            max = MathF.Max(max, MathF.Abs(x));
        }

        if (!float.IsFinite(max))
        {
            codes.Clear();
            scale = 0;
            bound = float.PositiveInfinity; // always re-scored exactly
            return;
        }

        scale = max / 127f;
        double residual = 0;
        for (var j = 0; j < v.Length; j++)
        {
            var c = scale > 0 ? Math.Clamp(MathF.Round(v[j] / scale), -127f, 127f) : 0f;
            codes[j] = (sbyte)c;
            var e = v[j] - ((double)scale * c);
            residual += e * e;
        }

        // ‖e‖ in double, rounded up; the 1e-5 relative margin also covers a query norm of 1 + O(ulp).
        bound = (float)(Math.Sqrt(residual) * (1 + 1e-5)) + 1e-7f;
    }

    private static SimilarityIndexOptions CheckCosine(SimilarityIndexOptions? options)
    {
        var o = (options ?? SimilarityIndexOptions.Default).Validate();
        if (o.Metric != SimilarityMetric.Cosine)
        {
            throw new InvalidOptionsException($"QuantizedExactIndex supports the cosine metric only, got {o.Metric}.");
        }

        return o;
    }

    private void ScanBlocks(PreparedQuery q, int start, int end, TopKHeap heap, IReadOnlySet<long>? excludeIds, float[] buffer)
    {
        var bounds = _bounds;
        var slack = _slack + q.Extra;
        for (var block = start; block < end; block += BlockRows)
        {
            var rows = Math.Min(BlockRows, end - block);
            var approx = buffer.AsSpan(0, rows);
            ApproxRange(q, block, approx);
            var threshold = heap.Threshold;
            for (var i = 0; i < approx.Length; i++)
            {
                var row = block + i;
                if (approx[i] + bounds[row] + slack < threshold)
                {
                    continue; // even the upper bound is below the k-th exact score so far
                }

                if (excludeIds is not null && excludeIds.Contains(IdAt(row)))
                {
                    continue;
                }

                var s = DotKernel.DotRow(VectorAt(row), q.Unit);
                if (heap.Accepts(s, row))
                {
                    heap.Add(s, row);
                    threshold = heap.Threshold;
                }
            }
        }
    }

    /// <summary>
    /// The unit query, plus for the integer kernel its int16 image q ≈ FixedScale · Fixed and the extra error bound
    /// max_r scale_r‖c_r‖ · ‖q − FixedScale · Fixed‖₂ that the int16 rounding adds to every approximate score.
    /// </summary>
    private sealed record PreparedQuery(float[] Unit, short[]? Fixed, float FixedScale, float Extra);

    private PreparedQuery Prepare(float[] unit)
    {
        if (!_integerKernel)
        {
            return new PreparedQuery(unit, null, 0, 0);
        }

        var max = 0f;
        foreach (var x in unit)
        {
            max = MathF.Max(max, MathF.Abs(x));
        }

        var t = max / 32767f;
        var fixedQ = new short[unit.Length];
        double residual = 0;
        for (var j = 0; j < unit.Length; j++)
        {
            var c = t > 0 ? Math.Clamp(MathF.Round(unit[j] / t), -32767f, 32767f) : 0f;
            fixedQ[j] = (short)c;
            var e = unit[j] - ((double)t * c);
            residual += e * e;
        }

        var extra = (float)(_maxCodeNorm * Math.Sqrt(residual) * (1 + 1e-5)) + 1e-7f;
        return new PreparedQuery(unit, fixedQ, t, extra);
    }

    /// <summary>approx[i] ≈ scale · (codes of row start+i · q), in float32 (within the stored bounds).</summary>
    private void ApproxRange(PreparedQuery query, int start, Span<float> approx)
    {
        var d = Dimension;
        if (query.Fixed is { } fixedQ)
        {
            ref var qRef = ref MemoryMarshal.GetArrayDataReference(fixedQ);
            ref var codes = ref MemoryMarshal.GetArrayDataReference(_codes);
            var t = query.FixedScale;
            for (var i = 0; i < approx.Length; i++)
            {
                ref var row = ref Unsafe.Add(ref codes, (nint)(start + i) * d);
                var a0 = Vector256<int>.Zero;
                var a1 = Vector256<int>.Zero;
                for (var j = 0; j < d; j += 32)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)j));
                    a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(lo, Vector256.LoadUnsafe(ref qRef, (nuint)j)));
                    a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(hi, Vector256.LoadUnsafe(ref qRef, (nuint)(j + 16))));
                }

                approx[i] = Vector256.Sum(a0 + a1) * (_scales[start + i] * t);
            }

            return;
        }

        var q = query.Unit;
        if (Vector256.IsHardwareAccelerated && d % Vector256<sbyte>.Count == 0)
        {
            ref var qRef = ref MemoryMarshal.GetArrayDataReference(q);
            ref var codes = ref MemoryMarshal.GetArrayDataReference(_codes);
            for (var i = 0; i < approx.Length; i++)
            {
                ref var row = ref Unsafe.Add(ref codes, (nint)(start + i) * d);
                var a0 = Vector256<float>.Zero;
                var a1 = Vector256<float>.Zero;
                var a2 = Vector256<float>.Zero;
                var a3 = Vector256<float>.Zero;
                for (var j = 0; j < d; j += 32)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)j));
                    var (w0, w1) = Vector256.Widen(lo);
                    var (w2, w3) = Vector256.Widen(hi);
                    a0 = Vector256.MultiplyAddEstimate(Vector256.ConvertToSingle(w0), Vector256.LoadUnsafe(ref qRef, (nuint)j), a0);
                    a1 = Vector256.MultiplyAddEstimate(Vector256.ConvertToSingle(w1), Vector256.LoadUnsafe(ref qRef, (nuint)(j + 8)), a1);
                    a2 = Vector256.MultiplyAddEstimate(Vector256.ConvertToSingle(w2), Vector256.LoadUnsafe(ref qRef, (nuint)(j + 16)), a2);
                    a3 = Vector256.MultiplyAddEstimate(Vector256.ConvertToSingle(w3), Vector256.LoadUnsafe(ref qRef, (nuint)(j + 24)), a3);
                }

                approx[i] = Vector256.Sum((a0 + a1) + (a2 + a3)) * _scales[start + i];
            }

            return;
        }

        for (var i = 0; i < approx.Length; i++)
        {
            var row = _codes.AsSpan((start + i) * d, d);
            var sum = 0f;
            for (var j = 0; j < d; j++)
            {
                sum += row[j] * q[j];
            }

            approx[i] = sum * _scales[start + i];
        }
    }
}
