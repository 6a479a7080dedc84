namespace Timbre.Dsp;

/// <summary>Padding and frame counting shared by the frame-based features.</summary>
public static class Framing
{
    /// <summary>
    /// Number of frames librosa produces: 1 + (padded − frame) / hop, where padded = n + 2·(frame/2) when centred.
    /// </summary>
    public static int FrameCount(int sampleCount, int frameLength, int hopLength, bool center)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        var padded = center ? sampleCount + 2 * (frameLength / 2) : sampleCount;
        if (padded < frameLength)
        {
            throw new ArgumentException(
                $"Signal of {sampleCount} samples is shorter than one frame of {frameLength} samples (center = {center}).",
                nameof(sampleCount));
        }

        return 1 + (padded - frameLength) / hopLength;
    }

    /// <summary>Returns the signal extended by <paramref name="pad"/> samples on both sides (numpy.pad semantics).</summary>
    public static float[] Pad(ReadOnlySpan<float> samples, int pad, PadMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        var n = samples.Length;
        var result = new float[n + 2 * pad];
        samples.CopyTo(result.AsSpan(pad));
        if (pad == 0 || mode == PadMode.Constant)
        {
            return result;
        }

        if (n == 0)
        {
            throw new ArgumentException($"Cannot pad an empty signal with mode {mode}.", nameof(samples));
        }

        for (var i = 0; i < pad; i++)
        {
            // Position relative to the signal start: left side −pad … −1, right side n … n+pad−1.
            result[i] = samples[SourceIndex(i - pad, n, mode)];
            result[pad + n + i] = samples[SourceIndex(n + i, n, mode)];
        }

        return result;
    }

    internal static int SourceIndex(int position, int n, PadMode mode)
    {
        if (mode == PadMode.Edge || n == 1)
        {
            return Math.Clamp(position, 0, n - 1);
        }

        // Reflect without repeating the edge: period 2(n−1), as numpy's repeated reflection.
        var period = 2 * (n - 1);
        var p = position % period;
        if (p < 0)
        {
            p += period;
        }

        return p < n ? p : period - p;
    }
}

/// <summary>
/// A signal seen as if padded by <see cref="Framing.Pad"/> (same values), without copying it: frames inside the
/// signal are slices of it; only frames that reach into the padding are assembled in a caller's scratch buffer.
/// </summary>
internal readonly ref struct PaddedView
{
    private readonly ReadOnlySpan<float> _samples;
    private readonly int _pad;
    private readonly PadMode _mode;

    /// <summary>Views <paramref name="samples"/> with <paramref name="pad"/> values of padding on each side.</summary>
    public PaddedView(ReadOnlySpan<float> samples, int pad, PadMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pad);
        if (samples.IsEmpty && pad > 0 && mode != PadMode.Constant)
        {
            throw new ArgumentException($"Cannot pad an empty signal with mode {mode}.", nameof(samples));
        }

        _samples = samples;
        _pad = pad;
        _mode = mode;
    }

    /// <summary>Padded length: samples plus padding on both sides.</summary>
    public int Length => _samples.Length + 2 * _pad;

    /// <summary>Values <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1 of the padded signal.</summary>
    public ReadOnlySpan<float> Slice(int start, int length, Span<float> scratch)
    {
        var from = start - _pad;
        var n = _samples.Length;
        if (from >= 0 && from + length <= n)
        {
            return _samples.Slice(from, length);
        }

        for (var i = 0; i < length; i++)
        {
            var p = from + i;
            scratch[i] = p >= 0 && p < n ? _samples[p]
                : _mode == PadMode.Constant ? 0f
                : _samples[Framing.SourceIndex(p, n, _mode)];
        }

        return scratch[..length];
    }
}
