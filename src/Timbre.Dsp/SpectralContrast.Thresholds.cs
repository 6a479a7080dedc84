using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>Both extreme sums of a band in two vector passes.</summary>
public sealed partial class SpectralContrast
{
    /// <summary>
    /// <see cref="ExtremeSum"/> of the <c>lowest.Length</c> smallest and the as many largest values (both spans the same
    /// length, q), bit for bit, in two vector passes instead of two ranked scans: the first keeps per-lane minima and
    /// maxima (8 lanes, 16 when q &gt; 8); at least q values are ≤ the q-th smallest lane minimum, so only values up to
    /// it can be among the q smallest (likewise for the largest), and the second pass ranks just those. With q = 1 the
    /// lane extremes are the answer. Short bands, q &gt; 16, NaN or no AVX-512 take <see cref="ExtremeSum"/>.
    /// </summary>
    internal static (double Low, double High) ExtremeSums(ReadOnlySpan<double> values, Span<double> lowest, Span<double> highest)
    {
        var q = lowest.Length;
        var n = values.Length;
        var lanes = q <= 8 ? 8 : 16;
        if (highest.Length != q || q < 1 || q > 16 || n < 2 * lanes || !Vector512.IsHardwareAccelerated)
        {
            return Ranked(values, lowest, highest);
        }

        ref var source = ref MemoryMarshal.GetReference(values);
        var min = Vector512.LoadUnsafe(ref source);
        var max = min;
        var min2 = Vector512.LoadUnsafe(ref source, 8);
        var max2 = min2;
        var step = lanes == 8 ? 8 : 16;
        var j = step;
        for (; j + step <= n; j += step)
        {
            var v = Vector512.LoadUnsafe(ref source, (nuint)j);
            min = Vector512.Min(min, v);
            max = Vector512.Max(max, v);
            if (lanes == 16)
            {
                var w = Vector512.LoadUnsafe(ref source, (nuint)(j + 8));
                min2 = Vector512.Min(min2, w);
                max2 = Vector512.Max(max2, w);
            }
        }

        if (q == 1)
        {
            // The tail may overlap the last full vector: a minimum or maximum does not mind.
            var tail = Vector512.LoadUnsafe(ref source, (nuint)(n - 8));
            min = Vector512.Min(Vector512.Min(min, min2), tail);
            max = Vector512.Max(Vector512.Max(max, max2), tail);
            if ((Vector512.IsNaN(min) | Vector512.IsNaN(max)) != Vector512<double>.Zero)
            {
                return Ranked(values, lowest, highest);
            }

            // As ExtremeSum adds: 0 + the extreme (a -0 becomes +0).
            return (0.0 + Horizontal(min, largest: false), 0.0 + Horizontal(max, largest: true));
        }

        if ((Vector512.IsNaN(min) | Vector512.IsNaN(max) | Vector512.IsNaN(min2) | Vector512.IsNaN(max2)) != Vector512<double>.Zero)
        {
            return Ranked(values, lowest, highest);
        }

        var low = Threshold(min, min2, lanes, lowest, largest: false);
        var high = Threshold(max, max2, lanes, highest, largest: true);
        int lows = 0, highs = 0;
        var nan = Vector512<double>.Zero;
        var lowV = Vector512.Create(low);
        var highV = Vector512.Create(high);
        for (j = 0; j + 8 <= n; j += 8)
        {
            var v = Vector512.LoadUnsafe(ref source, (nuint)j);
            nan |= Vector512.IsNaN(v);
            var lowMask = Vector512.LessThanOrEqual(v, lowV).ExtractMostSignificantBits();
            var highMask = Vector512.GreaterThanOrEqual(v, highV).ExtractMostSignificantBits();
            for (; lowMask != 0; lowMask &= lowMask - 1)
            {
                lows = Keep(lowest, lows, values[j + BitOperations.TrailingZeroCount(lowMask)], largest: false);
            }

            for (; highMask != 0; highMask &= highMask - 1)
            {
                highs = Keep(highest, highs, values[j + BitOperations.TrailingZeroCount(highMask)], largest: true);
            }
        }

        for (; j < n; j++)
        {
            var v = values[j];
            if (double.IsNaN(v))
            {
                return Ranked(values, lowest, highest);
            }

            lows = v <= low ? Keep(lowest, lows, v, largest: false) : lows;
            highs = v >= high ? Keep(highest, highs, v, largest: true) : highs;
        }

        if (nan != Vector512<double>.Zero)
        {
            return Ranked(values, lowest, highest);
        }

        double lowSum = 0.0, highSum = 0.0;
        for (var i = 0; i < q; i++)
        {
            lowSum += lowest[i];
            highSum += highest[i];
        }

        return (lowSum, highSum);
    }

    private static (double Low, double High) Ranked(ReadOnlySpan<double> values, Span<double> lowest, Span<double> highest) =>
        (ExtremeSum(values, lowest, largest: false), ExtremeSum(values, highest, largest: true));

    private static double Horizontal(Vector512<double> v, bool largest)
    {
        var result = v.GetElement(0);
        for (var l = 1; l < Vector512<double>.Count; l++)
        {
            result = largest ? Math.Max(result, v.GetElement(l)) : Math.Min(result, v.GetElement(l));
        }

        return result;
    }

    /// <summary>The q-th most extreme of the lane extremes (<paramref name="keep"/>, length q, is scratch here).</summary>
    private static double Threshold(Vector512<double> first, Vector512<double> second, int lanes, Span<double> keep, bool largest)
    {
        var count = 0;
        for (var l = 0; l < lanes; l++)
        {
            count = Keep(keep, count, l < 8 ? first.GetElement(l) : second.GetElement(l - 8), largest);
        }

        return keep[^1];
    }

    /// <summary>Adds <paramref name="v"/> to the <paramref name="count"/> values kept in ranked order (most extreme
    /// first), dropping the least extreme once all slots are full; returns the new count.</summary>
    private static int Keep(Span<double> keep, int count, double v, bool largest)
    {
        int i;
        if (count < keep.Length)
        {
            i = count++;
        }
        else if (largest ? v > keep[^1] : v < keep[^1])
        {
            i = keep.Length - 1;
        }
        else
        {
            return count;
        }

        while (i > 0 && (largest ? v > keep[i - 1] : v < keep[i - 1]))
        {
            keep[i] = keep[i - 1];
            i--;
        }

        keep[i] = v;
        return count;
    }
}
