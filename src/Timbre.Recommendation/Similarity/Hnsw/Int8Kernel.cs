using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Dot products of a query widened to 16-bit with a row of 8-bit codes, both padded with zeros to
/// <see cref="Stride"/> values. With AVX-512BW a row of 128 codes is four sign-extensions, four multiply-adds of
/// adjacent pairs (vpmaddwd) and one sum (a last 16 codes take one 256-bit step); products of two values in ±127
/// summed over 2 billion / 16 129 values cannot overflow 32 bits.
/// </summary>
internal static class Int8Kernel
{
    /// <summary>The padded length of a row of <paramref name="dimension"/> codes (a multiple of 16: 357-d rows take 368 bytes, not 384).</summary>
    public static int Stride(int dimension) => (dimension + 15) & ~15;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> row)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var x = ref MemoryMarshal.GetReference(row);
        var stride = row.Length;
        if (Avx512BW.IsSupported)
        {
            var acc = Vector512<int>.Zero;
            var j = 0;
            for (; j + 32 <= stride; j += 32)
            {
                var xv = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref x, (nuint)j));
                acc = Avx512F.Add(acc, Avx512BW.MultiplyAddAdjacent(xv, Vector512.LoadUnsafe(ref q, (nuint)j)));
            }

            var total = Vector512.Sum(acc);
            if (j < stride)
            {
                var xv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)j));
                total += Vector256.Sum(Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref q, (nuint)j)));
            }

            return total;
        }

        if (Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            for (var j = 0; j < stride; j += 16)
            {
                var xv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)j));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref q, (nuint)j)));
            }

            return Vector256.Sum(acc);
        }

        var sum = 0;
        for (var j = 0; j < stride; j++)
        {
            sum += Unsafe.Add(ref q, j) * Unsafe.Add(ref x, j);
        }

        return sum;
    }

    /// <summary>The pointer form of the span dot product for the graph walk (no bounds checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int Dot(short* q, sbyte* x, int stride)
    {
        if (Avx512BW.IsSupported)
        {
            var acc = Vector512<int>.Zero;
            var j = 0;
            for (; j + 32 <= stride; j += 32)
            {
                var xv = Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(x + j));
                acc = Avx512F.Add(acc, Avx512BW.MultiplyAddAdjacent(xv, Avx512BW.LoadVector512(q + j)));
            }

            var sum = Vector512.Sum(acc);
            if (j < stride)
            {
                sum += Vector256.Sum(Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Sse2.LoadVector128(x + j)), Avx.LoadVector256(q + j)));
            }

            return sum;
        }

        return Dot(new ReadOnlySpan<short>(q, stride), new ReadOnlySpan<sbyte>(x, stride));
    }

    /// <summary>
    /// Codes of a vector scaled by its own largest magnitude to ±127 and rounded (cosine ignores the scale), padded
    /// with zeros; returns 1 / ‖codes‖ (0 for a zero vector).
    /// </summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        codes.Clear();
        var max = TensorPrimitives.MaxMagnitude(vector);
        max = MathF.Abs(max);

        if (max == 0 || !float.IsFinite(max))
        {
            return 0;
        }

        var scale = 127f / max;
        long norm = 0;
        for (var j = 0; j < vector.Length; j++)
        {
            var c = (sbyte)Math.Clamp(MathF.Round(vector[j] * scale), -127f, 127f);
            codes[j] = c;
            norm += c * c;
        }

        return norm == 0 ? 0 : (float)(1 / Math.Sqrt(norm));
    }

    /// <summary>Widens codes to 16-bit for the dot products (both spans of the padded length).</summary>
    public static void Widen(ReadOnlySpan<sbyte> codes, Span<short> wide)
    {
        var j = 0;
        if (Avx2.IsSupported)
        {
            ref var c = ref MemoryMarshal.GetReference(codes);
            ref var w = ref MemoryMarshal.GetReference(wide);
            for (; j + 16 <= codes.Length; j += 16)
            {
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)j)).StoreUnsafe(ref w, (nuint)j);
            }
        }

        for (; j < codes.Length; j++)
        {
            wide[j] = codes[j];
        }
    }
}
