using System.Buffers;

namespace Timbre.Audio;

/// <summary>
/// The samples of one analysis window, gathered in a buffer from <see cref="ArrayPool{T}"/> (rented at the expected
/// size, never more than the cap; grown only when a file holds more than it claimed, never past the cap) and handed
/// out as one exact array. The pooled buffer is warm after the first file, so a scan does not fault in and zero a
/// fresh window-sized array per file; dispose to give it back.
/// </summary>
internal sealed class WindowSamples(int initialCapacity, int cap) : IDisposable
{
    private float[] _buffer = ArrayPool<float>.Shared.Rent(Math.Clamp(initialCapacity, 1, Math.Max(1, cap)));

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
            var bigger = ArrayPool<float>.Shared.Rent((int)Math.Min(cap, Math.Max((long)_buffer.Length * 2, (long)Count + block.Length)));
            _buffer.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        block.CopyTo(_buffer.AsSpan(Count));
        Count += block.Length;
    }

    /// <summary>The samples, copied into an array of exactly <see cref="Count"/> values.</summary>
    public float[] ToArray()
    {
        var samples = GC.AllocateUninitializedArray<float>(Count);
        _buffer.AsSpan(0, Count).CopyTo(samples);
        return samples;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
