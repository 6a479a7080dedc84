using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Timbre.Dsp.Fft;

/// <summary>The packing, windowing, bit reversal and first radix-4 pass of a power-of-two real transform, vectorised.</summary>
public sealed partial class RealFft
{
    /// <summary>
    /// Windows the frame, packs it into m = n/2 complex values (even samples real, odd imaginary), and does the
    /// first two radix-2 stages (the radix-4 pass of <see cref="ComplexFft.ForwardBitReversed"/>) while placing the
    /// results in bit-reversed order, eight groups at a time: the four inputs of the group at bit-reversed positions
    /// 4g … 4g+3 are the complex values j, j + m/2, j + m/4, j + 3m/4 (j &lt; m/4), so each comes from a contiguous
    /// load; each group's four outputs are then stored together. The same products and sums as the scalar code (bit-identical).
    /// </summary>
    private void WindowRadix4Avx512(ReadOnlySpan<float> frame, ReadOnlySpan<double> window, int[] rev)
    {
        var m = rev.Length;
        var quarter = m / 4;
        ref var re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref var im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref var f = ref MemoryMarshal.GetReference(frame);
        ref var w = ref MemoryMarshal.GetReference(window);
        ref var r = ref MemoryMarshal.GetArrayDataReference(rev);
        var evens = Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14);
        var odds = Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15);
        var pairsLow = Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11);
        var pairsHigh = Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15);
        var groupsLow = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        var groupsHigh = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        for (var j = 0; j < quarter; j += 8)
        {
            // Group positions 0, 1, 2, 3 hold complex values j, j + m/2, j + m/4, j + 3m/4.
            var (ar, ai) = Load(ref f, ref w, j, evens, odds);
            var (br, bi) = Load(ref f, ref w, j + 2 * quarter, evens, odds);
            var (cr, ci) = Load(ref f, ref w, j + quarter, evens, odds);
            var (dr, di) = Load(ref f, ref w, j + 3 * quarter, evens, odds);
            Vector512<double> s0r = ar + br, s0i = ai + bi, d0r = ar - br, d0i = ai - bi;
            Vector512<double> s1r = cr + dr, s1i = ci + di, d1r = cr - dr, d1i = ci - di;
            StoreGroups(ref re, ref r, j, s0r + s1r, d0r + d1i, s0r - s1r, d0r - d1i, pairsLow, pairsHigh, groupsLow, groupsHigh);
            StoreGroups(ref im, ref r, j, s0i + s1i, d0i - d1r, s0i - s1i, d0i + d1r, pairsLow, pairsHigh, groupsLow, groupsHigh);
        }
    }

    /// <summary>Complex values k … k+7 of the windowed frame: (frame[2k]·w[2k], frame[2k+1]·w[2k+1]).</summary>
    private static (Vector512<double> Re, Vector512<double> Im) Load(ref float f, ref double w, int k, Vector512<long> evens, Vector512<long> odds)
    {
        var x = Vector512.LoadUnsafe(ref f, (nuint)(2 * k));
        var lo = Vector512.WidenLower(x) * Vector512.LoadUnsafe(ref w, (nuint)(2 * k));
        var hi = Vector512.WidenUpper(x) * Vector512.LoadUnsafe(ref w, (nuint)(2 * k + 8));
        return (Avx512F.PermuteVar8x64x2(lo, evens, hi), Avx512F.PermuteVar8x64x2(lo, odds, hi));
    }

    /// <summary>Stores output l of lane i (i = 0 … 7) at rev[j + i] + l: a 4 × 8 transpose into eight 4-value groups.</summary>
    private static void StoreGroups(
        ref double destination, ref int rev, int j, Vector512<double> y0, Vector512<double> y1, Vector512<double> y2, Vector512<double> y3,
        Vector512<long> pairsLow, Vector512<long> pairsHigh, Vector512<long> groupsLow, Vector512<long> groupsHigh)
    {
        var p01Low = Avx512F.PermuteVar8x64x2(y0, pairsLow, y1); // y0[0] y1[0] y0[1] y1[1] … lanes 0–3
        var p23Low = Avx512F.PermuteVar8x64x2(y2, pairsLow, y3);
        var p01High = Avx512F.PermuteVar8x64x2(y0, pairsHigh, y1); // lanes 4–7
        var p23High = Avx512F.PermuteVar8x64x2(y2, pairsHigh, y3);
        Store(ref destination, ref rev, j, Avx512F.PermuteVar8x64x2(p01Low, groupsLow, p23Low));
        Store(ref destination, ref rev, j + 2, Avx512F.PermuteVar8x64x2(p01Low, groupsHigh, p23Low));
        Store(ref destination, ref rev, j + 4, Avx512F.PermuteVar8x64x2(p01High, groupsLow, p23High));
        Store(ref destination, ref rev, j + 6, Avx512F.PermuteVar8x64x2(p01High, groupsHigh, p23High));
    }

    /// <summary>The groups of lanes k and k + 1 (lower and upper half of <paramref name="groups"/>).</summary>
    private static void Store(ref double destination, ref int rev, int k, Vector512<double> groups)
    {
        groups.GetLower().StoreUnsafe(ref destination, (nuint)System.Runtime.CompilerServices.Unsafe.Add(ref rev, k));
        groups.GetUpper().StoreUnsafe(ref destination, (nuint)System.Runtime.CompilerServices.Unsafe.Add(ref rev, k + 1));
    }
}
