using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Dot products of consecutive matrix rows with one query. When the dimension is a multiple of 8 and 256-bit
/// SIMD is available, four rows are done per pass with fused multiply-adds (the query chunk is loaded once for
/// four rows, and per-row call overhead disappears); otherwise each row uses <see cref="TensorPrimitives.Dot"/>.
/// </summary>
internal static class DotKernel
{
    public static void DotRows(ReadOnlySpan<float> matrix, ReadOnlySpan<float> query, int dimension, Span<float> scores)
    {
        var rows = scores.Length;
        var r = 0;
        if (Vector256.IsHardwareAccelerated && dimension % Vector256<float>.Count == 0)
        {
            ref var m = ref MemoryMarshal.GetReference(matrix);
            ref var q = ref MemoryMarshal.GetReference(query);
            for (; r + 4 <= rows; r += 4)
            {
                ref var r0 = ref Unsafe.Add(ref m, r * dimension);
                ref var r1 = ref Unsafe.Add(ref r0, dimension);
                ref var r2 = ref Unsafe.Add(ref r1, dimension);
                ref var r3 = ref Unsafe.Add(ref r2, dimension);
                var a0 = Vector256<float>.Zero;
                var a1 = Vector256<float>.Zero;
                var a2 = Vector256<float>.Zero;
                var a3 = Vector256<float>.Zero;
                for (var j = 0; j < dimension; j += Vector256<float>.Count)
                {
                    var qv = Vector256.LoadUnsafe(ref q, (nuint)j);
                    a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r0, (nuint)j), qv, a0);
                    a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r1, (nuint)j), qv, a1);
                    a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r2, (nuint)j), qv, a2);
                    a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r3, (nuint)j), qv, a3);
                }

                scores[r] = Vector256.Sum(a0);
                scores[r + 1] = Vector256.Sum(a1);
                scores[r + 2] = Vector256.Sum(a2);
                scores[r + 3] = Vector256.Sum(a3);
            }
        }

        for (; r < rows; r++)
        {
            scores[r] = DotRow(matrix.Slice(r * dimension, dimension), query);
        }
    }

    /// <summary>
    /// Dot product of one row with the query, bit-identical to the row's score from <see cref="DotRows"/> (the same
    /// accumulation order whatever the row's position in a block).
    /// </summary>
    public static float DotRow(ReadOnlySpan<float> row, ReadOnlySpan<float> query)
    {
        var dimension = query.Length;
        if (Vector256.IsHardwareAccelerated && dimension % Vector256<float>.Count == 0)
        {
            ref var r0 = ref MemoryMarshal.GetReference(row);
            ref var q = ref MemoryMarshal.GetReference(query);
            var a0 = Vector256<float>.Zero;
            for (var j = 0; j < dimension; j += Vector256<float>.Count)
            {
                a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r0, (nuint)j), Vector256.LoadUnsafe(ref q, (nuint)j), a0);
            }

            return Vector256.Sum(a0);
        }

        return TensorPrimitives.Dot(row, query);
    }
}
