using System.Runtime.InteropServices;

namespace Timbre.Audio;

/// <summary>
/// The samples of one analysis window, gathered in a receive buffer sized for the expected length (never more than
/// the cap; grown only when a file holds more than it claimed, never past the cap) and handed out as one exact array.
/// Receive buffers are kept for the next window in a small pool (<see cref="PoolSize"/> buffers, one per core: what
/// that many concurrent analyses hold anyway), so a scan does not fault in and zero a fresh window-sized buffer per
/// file; dispose to give the buffer back.
/// </summary>
internal sealed class WindowSamples : IDisposable
{
    /// <summary>Receive buffers kept between windows.</summary>
    internal static readonly int PoolSize = Math.Clamp(Environment.ProcessorCount, 2, 16);

    private static readonly float[]?[] Pool = new float[PoolSize][];
    private readonly int _cap;
    private float[] _buffer;
    private int _pendingBytes;

    public WindowSamples(int initialCapacity, int cap)
    {
        _cap = Math.Max(1, cap);
        _buffer = Rent(Math.Clamp(initialCapacity, 1, _cap));
    }

    public int Count { get; private set; }

    public int Remaining => _cap - Count;

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

        EnsureRoom(block.Length);
        block.CopyTo(_buffer.AsSpan(Count));
        Count += block.Length;
        _pendingBytes = 0;
    }

    /// <summary>
    /// Reads little-endian float32 samples from <paramref name="stream"/> straight into the buffer, at most
    /// <paramref name="limit"/> (≤ <see cref="Remaining"/>) whole samples and never a byte past them; the bytes of a
    /// sample split across reads wait in place for the rest. Returns the number of whole samples added, 0 at the end
    /// of the stream (a trailing partial sample is dropped).
    /// </summary>
    public int ReadFrom(Stream stream, int limit)
    {
        if (limit < 1 || limit > Remaining)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be between 1 and the room left.");
        }

        var room = EnsureRoom(Math.Min(limit, 1 << 16));
        var bytes = MemoryMarshal.AsBytes(_buffer.AsSpan(Count, Math.Min(limit, room)))[_pendingBytes..];
        while (true)
        {
            var got = stream.Read(bytes);
            if (got == 0)
            {
                _pendingBytes = 0;
                return 0;
            }

            var have = _pendingBytes + got;
            var whole = have / sizeof(float);
            _pendingBytes = have % sizeof(float);
            if (whole > 0)
            {
                Count += whole;
                return whole;
            }

            bytes = bytes[got..];
        }
    }

    /// <summary>The samples, copied into an array of exactly <see cref="Count"/> values (the buffer itself when it is
    /// exactly full; it then leaves the pool).</summary>
    public float[] ToArray()
    {
        if (Count == _buffer.Length)
        {
            var whole = _buffer;
            _buffer = [];
            return whole;
        }

        var samples = GC.AllocateUninitializedArray<float>(Count);
        _buffer.AsSpan(0, Count).CopyTo(samples);
        return samples;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Makes room for <paramref name="wanted"/> more samples (within the cap); returns the room there is.</summary>
    private int EnsureRoom(int wanted)
    {
        if (_buffer.Length - Count < wanted)
        {
            var bigger = GC.AllocateUninitializedArray<float>((int)Math.Min(_cap, Math.Max((long)_buffer.Length * 2, (long)Count + wanted)));
            _buffer.AsSpan(0, Count + (_pendingBytes > 0 ? 1 : 0)).CopyTo(bigger);
            _buffer = bigger;
        }

        return _buffer.Length - Count;
    }

    /// <summary>The smallest pooled buffer of at least <paramref name="length"/> values, else a new one (not zeroed:
    /// only the first <see cref="Count"/> values are ever read).</summary>
    private static float[] Rent(int length)
    {
        lock (Pool)
        {
            var best = -1;
            for (var i = 0; i < Pool.Length; i++)
            {
                if (Pool[i] is { } b && b.Length >= length && (best < 0 || b.Length < Pool[best]!.Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var buffer = Pool[best]!;
                Pool[best] = null;
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Keeps <paramref name="buffer"/> in a free slot, else in place of a smaller one, else drops it.</summary>
    private static void Return(float[] buffer)
    {
        lock (Pool)
        {
            var slot = -1;
            for (var i = 0; i < Pool.Length; i++)
            {
                if (Pool[i] is null)
                {
                    slot = i;
                    break;
                }

                if (Pool[i]!.Length < buffer.Length && (slot < 0 || Pool[i]!.Length < Pool[slot]!.Length))
                {
                    slot = i;
                }
            }

            if (slot >= 0)
            {
                Pool[slot] = buffer;
            }
        }
    }
}
