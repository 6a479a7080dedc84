namespace Timbre.Dsp;

/// <summary>Frame-wise features computed on the waveform: zero-crossing rate and RMS.</summary>
public static class TimeDomainFeatures
{
    /// <summary>
    /// Fraction of sign changes per frame (1 × frames): crossings between the FrameLength − 1 adjacent pairs,
    /// divided by FrameLength, exactly as librosa.
    /// </summary>
    public static FeatureMatrix ZeroCrossingRate(ReadOnlySpan<float> samples, ZeroCrossingOptions? options = null)
    {
        options ??= new ZeroCrossingOptions();
        options.Validate();
        var len = options.FrameLength;
        var frames = Framing.FrameCount(samples.Length, len, options.HopLength, options.Center);
        var padded = new PaddedView(samples, options.Center ? len / 2 : 0, PadMode.Edge);
        var scratch = new float[len];
        var threshold = FloatAtMost(options.Threshold);
        var result = new FeatureMatrix(1, frames);
        if (options.ZeroPositive && len % options.HopLength == 0)
        {
            CrossingsByHops(padded, len, options.HopLength, threshold, result.Data);
            return result;
        }

        for (var t = 0; t < frames; t++)
        {
            var start = t * options.HopLength;
            // pairs (start, start+1) … (start+len−2, start+len−1)
            var frame = padded.Slice(start, len, scratch);
            var count = options.ZeroPositive ? Crossings(frame, threshold) : SignCrossings(frame, options.Threshold);
            result.Data[t] = (float)((double)count / len);
        }

        return result;
    }

    /// <summary>
    /// <see cref="ZeroCrossingRate"/> when frames are whole numbers of hops: each hop-long block's inner pairs and the
    /// pair joining it to the next block are counted once, and a frame adds up the counts of its blocks and of the
    /// joins between them — the same integers as counting each frame's pairs, visiting each sample once instead of
    /// frame length / hop times.
    /// </summary>
    private static void CrossingsByHops(PaddedView padded, int len, int hop, float threshold, Span<float> rates)
    {
        if (rates.IsEmpty)
        {
            return;
        }

        var perFrame = len / hop;
        var blocks = rates.Length + perFrame - 1;
        var inner = new int[blocks];
        var joins = new int[blocks];
        var scratch = new float[hop + 1];
        for (var j = 0; j < blocks; j++)
        {
            // The last block's join would reach past the last frame; no frame uses it.
            var last = j == blocks - 1;
            var block = padded.Slice(j * hop, last ? hop : hop + 1, scratch);
            inner[j] = Crossings(block[..hop], threshold);
            joins[j] = !last && IsNegative(block[hop - 1], threshold) != IsNegative(block[hop], threshold) ? 1 : 0;
        }

        var count = 0;
        for (var j = 0; j < perFrame; j++)
        {
            count += inner[j] + (j < perFrame - 1 ? joins[j] : 0);
        }

        for (var t = 0; ; t++)
        {
            rates[t] = (float)((double)count / len);
            if (t + 1 == rates.Length)
            {
                return;
            }

            // Slide one block: drop block t and the join after it, add the join before and the block t + perFrame.
            count += joins[t + perFrame - 1] + inner[t + perFrame] - inner[t] - joins[t];
        }
    }

    /// <summary>
    /// Sign changes between adjacent samples with zero counted as positive (values with |x| ≤ threshold are zero
    /// when threshold &gt; 0; otherwise the sign bit decides, so −0 is negative, as <see cref="float.IsNegative"/>).
    /// </summary>
    internal static int Crossings(ReadOnlySpan<float> frame, float threshold)
    {
        var width = Vector<float>.Count;
        var thr = new Vector<float>(threshold);
        var zeroing = threshold > 0 ? Vector<int>.AllBitsSet : Vector<int>.Zero;
        var acc = Vector<int>.Zero;
        var i = 1;
        for (; i + width <= frame.Length; i += width)
        {
            var a = new Vector<float>(frame.Slice(i - 1, width));
            var b = new Vector<float>(frame.Slice(i, width));
            acc -= Negative(a, thr, zeroing) ^ Negative(b, thr, zeroing);
        }

        var count = Vector.Sum(acc);
        for (; i < frame.Length; i++)
        {
            count += IsNegative(frame[i - 1], threshold) != IsNegative(frame[i], threshold) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The largest float ≤ <paramref name="value"/>, so float comparisons with it equal double comparisons with the value.</summary>
    internal static float FloatAtMost(double value)
    {
        var f = (float)value;
        return f > value ? MathF.BitDecrement(f) : f;
    }

    /// <summary>−1 in the lanes whose value counts as negative, else 0.</summary>
    private static Vector<int> Negative(Vector<float> x, Vector<float> threshold, Vector<int> zeroing)
    {
        var sign = Vector.ShiftRightArithmetic(Vector.AsVectorInt32(x), 31);
        var zero = Vector.LessThanOrEqual(Vector.Abs(x), threshold) & zeroing;
        return Vector.AndNot(sign, zero);
    }

    private static bool IsNegative(float x, float threshold) =>
        !(threshold > 0 && Math.Abs(x) <= threshold) && float.IsNegative(x);

    /// <summary>Changes of Math.Sign (−1, 0, +1) between adjacent samples (zero its own class).</summary>
    private static int SignCrossings(ReadOnlySpan<float> frame, double threshold)
    {
        var count = 0;
        var previous = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            var x = frame[i];
            if (threshold > 0 && Math.Abs(x) <= threshold)
            {
                x = 0f;
            }

            var sign = Math.Sign(x);
            count += i > 0 && sign != previous ? 1 : 0;
            previous = sign;
        }

        return count;
    }

    /// <summary>Root mean square of each frame (1 × frames), librosa <c>feature.rms(y=…)</c>.</summary>
    public static FeatureMatrix Rms(ReadOnlySpan<float> samples, RmsOptions? options = null)
    {
        options ??= new RmsOptions();
        options.Validate();
        var len = options.FrameLength;
        var frames = Framing.FrameCount(samples.Length, len, options.HopLength, options.Center);
        var padded = new PaddedView(samples, options.Center ? len / 2 : 0, options.PadMode);
        var scratch = new float[len];
        var result = new FeatureMatrix(1, frames);
        for (var t = 0; t < frames; t++)
        {
            result.Data[t] = (float)Math.Sqrt(SumOfSquares(padded.Slice(t * options.HopLength, len, scratch)) / len);
        }

        return result;
    }

    /// <summary>Σ x² in double precision (vectorised: lanes summed at the end).</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> frame)
    {
        var width = Vector<float>.Count;
        var acc = Vector<double>.Zero;
        var i = 0;
        for (; i + width <= frame.Length; i += width)
        {
            Vector.Widen(new Vector<float>(frame.Slice(i, width)), out var low, out var high);
            acc += low * low + high * high;
        }

        var sum = Vector.Sum(acc);
        for (; i < frame.Length; i++)
        {
            sum += (double)frame[i] * frame[i];
        }

        return sum;
    }
}
