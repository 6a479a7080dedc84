using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>The extreme sums of a float band, as the STFT's per-frame path hands the magnitudes on.</summary>
public sealed partial class SpectralContrast
{
    private const int FloatLanes = 16; // Vector512<float>
    private const int Candidates = 2 * FloatLanes; // values beyond a threshold ranked at once

    /// <summary>
    /// The double <see cref="ExtremeSums(ReadOnlySpan{double}, Span{double}, Span{double})"/> of the band widened to
    /// double (the same sums, bit for bit: each kept value is exact in double and they are added in the same order),
    /// in float vectors of 16 lanes: one pass of lane minima and maxima gives thresholds that at least q values reach
    /// (q ≤ 16), a second pass collects the values beyond them and counts ranks among those; with q = 1 the lane
    /// extremes are the answer. Short bands, q &gt; 16, NaN, many ties or no AVX-512 take the double path.
    /// </summary>
    internal static (double Low, double High) ExtremeSums(ReadOnlySpan<float> values, Span<float> lowest, Span<float> highest)
    {
        var q = lowest.Length;
        var n = values.Length;
        if (highest.Length != q || q < 1 || q > FloatLanes || n < 2 * FloatLanes || !Vector512.IsHardwareAccelerated)
        {
            return q == 1 && highest.Length == 1 ? MinMax(values) : Widened(values, q);
        }

        ref var source = ref MemoryMarshal.GetReference(values);
        var min = Vector512.LoadUnsafe(ref source);
        var max = min;
        var j = FloatLanes;
        for (; j + FloatLanes <= n; j += FloatLanes)
        {
            var v = Vector512.LoadUnsafe(ref source, (nuint)j);
            min = Vector512.Min(min, v);
            max = Vector512.Max(max, v);
        }

        if (q == 1)
        {
            // The tail may overlap the last full vector: a minimum or maximum does not mind.
            var tail = Vector512.LoadUnsafe(ref source, (nuint)(n - FloatLanes));
            min = Vector512.Min(min, tail);
            max = Vector512.Max(max, tail);
            if ((Vector512.IsNaN(min) | Vector512.IsNaN(max)) != Vector512<float>.Zero)
            {
                return Widened(values, q);
            }

            return (0.0 + Horizontal(min, largest: false), 0.0 + Horizontal(max, largest: true));
        }

        if ((Vector512.IsNaN(min) | Vector512.IsNaN(max)) != Vector512<float>.Zero)
        {
            return Widened(values, q);
        }

        // Lane extremes come from distinct values (the tail is left out here), so at least q values reach the thresholds;
        // those few are collected and the q-th of them found by counting ranks in vectors (no ranked insertion).
        var low = Kth(min, FloatLanes, q, largest: false);
        var high = Kth(max, FloatLanes, q, largest: true);
        Span<float> lows = stackalloc float[Candidates];
        Span<float> highs = stackalloc float[Candidates];
        int nLow = 0, nHigh = 0;
        var nan = Vector512<float>.Zero;
        var lowV = Vector512.Create(low);
        var highV = Vector512.Create(high);
        for (j = 0; j + FloatLanes <= n; j += FloatLanes)
        {
            var v = Vector512.LoadUnsafe(ref source, (nuint)j);
            nan |= Vector512.IsNaN(v);
            var lowMask = Vector512.LessThanOrEqual(v, lowV).ExtractMostSignificantBits();
            var highMask = Vector512.GreaterThanOrEqual(v, highV).ExtractMostSignificantBits();
            if (nLow + BitOperations.PopCount(lowMask) > Candidates || nHigh + BitOperations.PopCount(highMask) > Candidates)
            {
                return Widened(values, q); // many ties (silence): the ranked scans are quick there
            }

            for (; lowMask != 0; lowMask &= lowMask - 1)
            {
                lows[nLow++] = values[j + BitOperations.TrailingZeroCount(lowMask)];
            }

            for (; highMask != 0; highMask &= highMask - 1)
            {
                highs[nHigh++] = values[j + BitOperations.TrailingZeroCount(highMask)];
            }
        }

        for (; j < n; j++)
        {
            var v = values[j];
            if (float.IsNaN(v) || nLow == Candidates || nHigh == Candidates)
            {
                return Widened(values, q);
            }

            lows[nLow] = v;
            nLow += v <= low ? 1 : 0;
            highs[nHigh] = v;
            nHigh += v >= high ? 1 : 0;
        }

        return nan != Vector512<float>.Zero ? Widened(values, q) : (CandidateSum(lows[..nLow], q, largest: false), CandidateSum(highs[..nHigh], q, largest: true));
    }

    /// <summary>
    /// Sum of the q most extreme of <paramref name="candidates"/> (at most <see cref="Candidates"/>, no NaN), in double:
    /// with T the q-th most extreme, the values beyond T plus T as often as it completes the q.
    /// </summary>
    private static double CandidateSum(ReadOnlySpan<float> candidates, int q, bool largest)
    {
        var m = candidates.Length;
        if (m == q)
        {
            var all = 0.0;
            foreach (var v in candidates)
            {
                all += v;
            }

            return all;
        }

        var fill = largest ? float.NegativeInfinity : float.PositiveInfinity;
        Span<float> padded = stackalloc float[Candidates];
        padded.Fill(fill);
        candidates.CopyTo(padded);
        var lo = Vector512.Create((ReadOnlySpan<float>)padded[..FloatLanes]);
        var hi = Vector512.Create((ReadOnlySpan<float>)padded[FloatLanes..]);
        var t = Kth(lo, hi, m, q, largest);
        var sum = 0.0;
        var beyond = 0;
        foreach (var v in candidates)
        {
            var before = largest ? v > t : v < t;
            sum += before ? v : 0.0;
            beyond += before ? 1 : 0;
        }

        return sum + (q - beyond) * (double)t;
    }

    /// <summary>The q-th most extreme of the first <paramref name="count"/> lanes of <paramref name="values"/> (no NaN; unused lanes hold the least extreme value).</summary>
    private static float Kth(Vector512<float> values, int count, int q, bool largest) =>
        Kth(values, Vector512.Create(largest ? float.NegativeInfinity : float.PositiveInfinity), count, q, largest);

    private static float Kth(Vector512<float> lo, Vector512<float> hi, int count, int q, bool largest)
    {
        for (var i = 0; i < count; i++)
        {
            var v = i < FloatLanes ? lo.GetElement(i) : hi.GetElement(i - FloatLanes);
            var b = Vector512.Create(v);
            var before = largest
                ? BitOperations.PopCount(Vector512.GreaterThan(lo, b).ExtractMostSignificantBits()) + BitOperations.PopCount(Vector512.GreaterThan(hi, b).ExtractMostSignificantBits())
                : BitOperations.PopCount(Vector512.LessThan(lo, b).ExtractMostSignificantBits()) + BitOperations.PopCount(Vector512.LessThan(hi, b).ExtractMostSignificantBits());
            var ties = BitOperations.PopCount(Vector512.Equals(lo, b).ExtractMostSignificantBits()) + BitOperations.PopCount(Vector512.Equals(hi, b).ExtractMostSignificantBits());
            if (before < q && before + ties >= q)
            {
                return v;
            }
        }

        throw new InvalidOperationException("fewer candidates than the quantile count");
    }

    /// <summary>q = 1: the smallest and largest value, added to 0 as the ranked sums do; NaN takes the double path.</summary>
    private static (double Low, double High) MinMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return Widened(values, 1);
        }

        float low = values[0], high = values[0];
        foreach (var v in values)
        {
            if (float.IsNaN(v))
            {
                return Widened(values, 1);
            }

            low = v < low ? v : low;
            high = v > high ? v : high;
        }

        return (0.0 + low, 0.0 + high);
    }

    private static (double Low, double High) Widened(ReadOnlySpan<float> values, int q)
    {
        var wide = values.Length <= MaxStackBins ? stackalloc double[values.Length] : new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }

        var keep = q <= 256 ? stackalloc double[q] : new double[q];
        return (ExtremeSum(wide, keep, largest: false), ExtremeSum(wide, keep, largest: true));
    }

    private static float Horizontal(Vector512<float> v, bool largest)
    {
        var result = v.GetElement(0);
        for (var l = 1; l < FloatLanes; l++)
        {
            result = largest ? MathF.Max(result, v.GetElement(l)) : MathF.Min(result, v.GetElement(l));
        }

        return result;
    }
}
