using System.Buffers;
using System.Buffers.Binary;
using Timbre.Core.Audio;

namespace Timbre.Audio.Wav;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM (values clamped to [-1, 1) and rounded to k/32768).</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (exact), with a <c>fact</c> chunk as the format requires.</summary>
    Float32,
}

/// <summary>Writes canonical WAV files: a <c>fmt </c> chunk, a <c>fact</c> chunk for float, and the data.</summary>
public static class WavWriter
{
    /// <summary>Writes <paramref name="interleaved"/> (<paramref name="channels"/> values per frame) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1,
        WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, WavReader.MaxChannels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, WavReader.MaxSampleRate);
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException("Sample count is not a multiple of the channel count.", nameof(interleaved));
        }

        bool isFloat = format == WavSampleFormat.Float32;
        int bytesPerSample = isFloat ? 4 : 2;
        long dataBytes = (long)interleaved.Length * bytesPerSample;
        if (dataBytes > uint.MaxValue - 64)
        {
            throw new ArgumentException("Too many samples for one WAV file.", nameof(interleaved));
        }

        int fmtSize = isFloat ? 18 : 16;
        int factSize = isFloat ? 12 : 0;
        long riffSize = 4 + (8 + fmtSize) + factSize + 8 + dataBytes;
        Span<byte> h = stackalloc byte[12 + 8 + 18 + 12 + 8];
        int p = 0;
        "RIFF"u8.CopyTo(h[p..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 4)..], (uint)riffSize);
        "WAVE"u8.CopyTo(h[(p + 8)..]);
        p += 12;
        "fmt "u8.CopyTo(h[p..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 4)..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(p + 8)..], (ushort)(isFloat ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(h[(p + 10)..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 12)..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 16)..], (uint)(sampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[(p + 20)..], (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[(p + 22)..], (ushort)(bytesPerSample * 8));
        if (isFloat)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[(p + 24)..], 0);
        }

        p += 8 + fmtSize;
        if (isFloat)
        {
            "fact"u8.CopyTo(h[p..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 8)..], (uint)(interleaved.Length / channels));
            p += 12;
        }

        "data"u8.CopyTo(h[p..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(p + 4)..], (uint)dataBytes);
        p += 8;
        stream.Write(h[..p]);
        WriteSamples(stream, interleaved, isFloat);
    }

    /// <summary>Writes a mono buffer to a new file at <paramref name="path"/> (for demo clips and tests).</summary>
    public static void WriteFile(string path, AudioBuffer buffer, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(file, buffer.Samples, buffer.SampleRate, 1, format);
    }

    private static void WriteSamples(Stream stream, ReadOnlySpan<float> samples, bool isFloat)
    {
        const int Block = 1 << 14;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Block * 4);
        try
        {
            for (int start = 0; start < samples.Length; start += Block)
            {
                ReadOnlySpan<float> part = samples.Slice(start, Math.Min(Block, samples.Length - start));
                int bytes;
                if (isFloat)
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), part[i]);
                    }

                    bytes = part.Length * 4;
                }
                else
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        float v = MathF.Round(part[i] * 32768f);
                        short s = (short)Math.Clamp(float.IsNaN(v) ? 0f : v, -32768f, 32767f);
                        BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(2 * i), s);
                    }

                    bytes = part.Length * 2;
                }

                stream.Write(buffer, 0, bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
