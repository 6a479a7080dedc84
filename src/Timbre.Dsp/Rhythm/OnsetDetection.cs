namespace Timbre.Dsp.Rhythm;

/// <summary>Onsets by peak-picking an onset-strength envelope (librosa <c>onset.onset_detect</c> / <c>util.peak_pick</c>); stateless.</summary>
public static class OnsetDetection
{
    /// <summary>Frame indices of the onsets in <paramref name="envelope"/> (empty when the envelope is all zero).</summary>
    /// <param name="envelope">Onset strength per frame (see <see cref="OnsetStrength"/>).</param>
    /// <param name="frameRate">Frames per second (sample rate / hop).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public static int[] Detect(ReadOnlySpan<float> envelope, double frameRate, OnsetDetectionOptions? options = null)
    {
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "frame rate must be positive and finite.");
        }

        options ??= new OnsetDetectionOptions();
        options.Validate();
        var n = envelope.Length;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var any = false;
        foreach (var v in envelope)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            any |= v != 0;
        }

        if (!any)
        {
            return [];
        }

        // librosa: x -= min; x /= max + tiny.
        var x = new double[n];
        var range = max - min + 1.1754944e-38;
        for (var i = 0; i < n; i++)
        {
            x[i] = (envelope[i] - min) / range;
        }

        var preMax = Frames(options.PreMaxSeconds, frameRate);
        var postMax = Frames(options.PostMaxSeconds, frameRate) + 1;
        var preAvg = Frames(options.PreAvgSeconds, frameRate);
        var postAvg = Frames(options.PostAvgSeconds, frameRate) + 1;
        var wait = Frames(options.WaitSeconds, frameRate);
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + x[i];
        }

        var onsets = new List<int>();
        var last = int.MinValue / 2;
        for (var i = 0; i < n; i++)
        {
            if (x[i] <= 0)
            {
                continue;
            }

            var localMax = double.NegativeInfinity;
            for (var j = Math.Max(0, i - preMax); j < Math.Min(n, i + postMax); j++)
            {
                localMax = Math.Max(localMax, x[j]);
            }

            var lo = Math.Max(0, i - preAvg);
            var hi = Math.Min(n, i + postAvg);
            var mean = (prefix[hi] - prefix[lo]) / (hi - lo);
            if (x[i] == localMax && x[i] >= mean + options.Delta && i > last + wait)
            {
                onsets.Add(i);
                last = i;
            }
        }

        return [.. onsets];
    }

    private static int Frames(double seconds, double frameRate) => (int)Math.Floor(seconds * frameRate);
}
