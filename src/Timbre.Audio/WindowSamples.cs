namespace Timbre.Audio;

/// <summary>
/// The samples of one analysis window: allocated once at the expected size (never more than the cap), grown only
/// when a file holds more than it claimed, and never past the cap.
/// </summary>
internal sealed class WindowSamples(int initialCapacity, int cap)
{
    private float[] _buffer = new float[Math.Clamp(initialCapacity, 1, Math.Max(1, cap))];

    public int Count { get; private set; }

    public int Remaining => cap - Count;

    /// <summary>The size to allocate for a file said to last <paramref name="durationSeconds"/> (0: unknown): the
    /// claim plus a second of slack for encoder padding, within the cap.</summary>
    public static int Expected(double durationSeconds, int sampleRate, int cap) =>
        durationSeconds > 0 ? (int)Math.Min(cap, (Math.Ceiling(durationSeconds) + 1) * sampleRate) : cap;

    /// <summary>Appends <paramref name="block"/>, which must fit in <see cref="Remaining"/>.</summary>
    public void Append(ReadOnlySpan<float> block)
    {
        if (block.Length > Remaining)
        {
            throw new InvalidOperationException("The window is full.");
        }

        if (_buffer.Length - Count < block.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(cap, Math.Max((long)_buffer.Length * 2, (long)Count + block.Length)));
        }

        block.CopyTo(_buffer.AsSpan(Count));
        Count += block.Length;
    }

    /// <summary>The samples, without a copy when the buffer is exactly full.</summary>
    public float[] ToArray() => Count == _buffer.Length ? _buffer : _buffer[..Count];
}
