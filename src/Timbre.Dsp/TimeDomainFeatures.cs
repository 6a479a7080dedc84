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
        var padded = options.Center ? Framing.Pad(samples, len / 2, PadMode.Edge) : samples.ToArray();

        // sign class per sample, then crossing[i] = class[i] != class[i−1]; prefix sums give per-frame counts.
        var threshold = options.Threshold;
        var prefix = new int[padded.Length + 1];
        var previous = 0;
        for (var i = 0; i < padded.Length; i++)
        {
            var x = padded[i];
            if (threshold > 0 && Math.Abs(x) <= threshold)
            {
                x = 0f;
            }

            var sign = options.ZeroPositive ? (float.IsNegative(x) ? -1 : 1) : Math.Sign(x);
            var crossing = i > 0 && sign != previous ? 1 : 0;
            prefix[i + 1] = prefix[i] + crossing;
            previous = sign;
        }

        var result = new FeatureMatrix(1, frames);
        for (var t = 0; t < frames; t++)
        {
            var start = t * options.HopLength;
            // pairs (start, start+1) … (start+len−2, start+len−1): crossings at indices start+1 … start+len−1
            var count = prefix[start + len] - prefix[start + 1];
            result.Data[t] = (float)((double)count / len);
        }

        return result;
    }

    /// <summary>Root mean square of each frame (1 × frames), librosa <c>feature.rms(y=…)</c>.</summary>
    public static FeatureMatrix Rms(ReadOnlySpan<float> samples, RmsOptions? options = null)
    {
        options ??= new RmsOptions();
        options.Validate();
        var len = options.FrameLength;
        var frames = Framing.FrameCount(samples.Length, len, options.HopLength, options.Center);
        var padded = options.Center ? Framing.Pad(samples, len / 2, options.PadMode) : samples.ToArray();
        var result = new FeatureMatrix(1, frames);
        for (var t = 0; t < frames; t++)
        {
            var frame = padded.AsSpan(t * options.HopLength, len);
            var sum = 0.0;
            foreach (var x in frame)
            {
                sum += (double)x * x;
            }

            result.Data[t] = (float)Math.Sqrt(sum / len);
        }

        return result;
    }
}
