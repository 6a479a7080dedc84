namespace Timbre.Data.Corpus;

/// <summary>Pure sample operations applied to a rendered clip: down-mix, fit to length, fade-out, peak-normalise.</summary>
public static class ClipPostProcessor
{
    /// <summary>Averages interleaved <paramref name="channels"/> into one channel.</summary>
    public static float[] DownMix(ReadOnlySpan<float> interleaved, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var mono = new float[interleaved.Length / channels];
        float scale = 1f / channels;
        for (int i = 0; i < mono.Length; i++)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[i * channels + c];
            }

            mono[i] = sum * scale;
        }

        return mono;
    }

    /// <summary>Cuts or zero-pads <paramref name="samples"/> to exactly <paramref name="length"/>.</summary>
    public static float[] FitLength(ReadOnlySpan<float> samples, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var result = new float[length];
        samples[..Math.Min(length, samples.Length)].CopyTo(result);
        return result;
    }

    /// <summary>Linear fade to zero over the last <paramref name="fadeSamples"/> samples (avoids a click at the cut).</summary>
    public static void FadeOut(Span<float> samples, int fadeSamples)
    {
        int n = Math.Min(fadeSamples, samples.Length);
        for (int i = 0; i < n; i++)
        {
            samples[samples.Length - n + i] *= (float)(n - 1 - i) / n;
        }
    }

    /// <summary>Scales so the largest absolute sample equals <paramref name="peak"/>; silence is left unchanged.</summary>
    public static void PeakNormalise(Span<float> samples, float peak)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(peak, 0f);
        float max = 0;
        foreach (float s in samples)
        {
            max = Math.Max(max, Math.Abs(s));
        }

        if (max < 1e-9f)
        {
            return;
        }

        float gain = peak / max;
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] *= gain;
        }
    }
}
