using System.Buffers;

namespace Timbre.Audio;

/// <summary>A growable float buffer on <see cref="ArrayPool{T}"/>: no per-sample allocation, one exact copy at the end.</summary>
internal sealed class FloatAccumulator : IDisposable
{
    private float[] _buffer;
    private int _count;

    public FloatAccumulator(int initialCapacity = 1 << 16)
    {
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(16, initialCapacity));
    }

    public int Count => _count;

    /// <summary>Returns room for at least <paramref name="size"/> more samples; call <see cref="Advance"/> after writing.</summary>
    public Span<float> GetSpan(int size)
    {
        if (_buffer.Length - _count < size)
        {
            long wanted = Math.Max((long)_buffer.Length * 2, (long)_count + size);
            int capacity = (int)Math.Min(wanted, Array.MaxLength);
            if (capacity - _count < size)
            {
                throw new InvalidOperationException("Too many samples for one buffer.");
            }

            float[] bigger = ArrayPool<float>.Shared.Rent(capacity);
            _buffer.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsSpan(_count, size);
    }

    public void Advance(int count) => _count += count;

    public float[] ToArray() => _buffer.AsSpan(0, _count).ToArray();

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
