namespace Timbre.Dsp;

/// <summary>First-order deltas of a feature matrix along time (librosa <c>feature.delta(order=1)</c>); stateless.</summary>
public static class Deltas
{
    /// <summary>
    /// The delta of every row of <paramref name="features"/> (rows × frames), in feature units per frame. Throws when
    /// there are fewer frames than the window <see cref="DeltaOptions.Width"/> (as librosa does).
    /// </summary>
    public static FeatureMatrix Compute(FeatureMatrix features, DeltaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        options ??= new DeltaOptions();
        options.Validate();
        var width = options.Width;
        var frames = features.Cols;
        if (frames < width)
        {
            throw new ArgumentException($"Deltas need at least {width} frames (the window width), got {frames}.", nameof(features));
        }

        var half = width / 2;
        double denominator = 0;
        for (var n = 1; n <= half; n++)
        {
            denominator += 2.0 * n * n;
        }

        var result = new FeatureMatrix(features.Rows, frames);
        for (var r = 0; r < features.Rows; r++)
        {
            var x = features.Row(r);
            var y = result.Row(r);
            for (var t = half; t < frames - half; t++)
            {
                double sum = 0;
                for (var n = 1; n <= half; n++)
                {
                    sum += n * ((double)x[t + n] - x[t - n]);
                }

                y[t] = (float)(sum / denominator);
            }

            // Edges: the slope of the line fitted to the first / last `width` frames (savgol mode "interp").
            var head = EdgeSlope(x[..width], half, denominator);
            var tail = EdgeSlope(x[(frames - width)..], half, denominator);
            for (var t = 0; t < half; t++)
            {
                y[t] = head;
                y[frames - 1 - t] = tail;
            }
        }

        return result;
    }

    private static float EdgeSlope(ReadOnlySpan<float> window, int half, double denominator)
    {
        double sum = 0;
        for (var i = 0; i < window.Length; i++)
        {
            sum += (i - half) * (double)window[i];
        }

        return (float)(sum / denominator);
    }
}
