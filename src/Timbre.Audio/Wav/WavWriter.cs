using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Timbre.Core.Audio;

namespace Timbre.Audio.Wav;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM (values clamped to [-1, 1) and rounded to k/32768).</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (exact), with a <c>fact</c> chunk as the format requires.</summary>
    Float32,

    /// <summary>
    /// 16-bit signed PCM with ±1 mapped to ±32767 (values clamped to [-1, 1] first, then rounded half to even): the
    /// encoding of the generated corpora, kept so their files stay byte-identical.
    /// </summary>
    Pcm16Symmetric,
}

/// <summary>
/// Writes canonical WAV files: a <c>fmt </c> chunk, a <c>fact</c> chunk for float, an optional LIST/INFO chunk of
/// tags, and the data.
/// </summary>
public static class WavWriter
{
    /// <summary>
    /// Writes <paramref name="interleaved"/> (<paramref name="channels"/> values per frame) to <paramref name="stream"/>.
    /// <paramref name="tags"/> (RIFF INFO ids such as INAM title, IART artist, IPRD album; UTF-8 values) go into a
    /// LIST/INFO chunk before the data, which <see cref="WavReader"/> reads back as <see cref="WavHeader.Tags"/>.
    /// </summary>
    public static void Write(Stream stream, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1,
        WavSampleFormat format = WavSampleFormat.Pcm16, IReadOnlyList<(string Id, string Value)>? tags = null)
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
        byte[] info = InfoChunk(tags ?? []);
        long riffSize = 4 + (8 + fmtSize) + factSize + info.Length + 8 + dataBytes;
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

        stream.Write(h[..p]);
        stream.Write(info);
        Span<byte> data = stackalloc byte[8];
        "data"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], (uint)dataBytes);
        stream.Write(data);
        WriteSamples(stream, interleaved, format);
    }

    /// <summary>Writes a mono buffer to a new file at <paramref name="path"/> (for demo clips and tests).</summary>
    public static void WriteFile(string path, AudioBuffer buffer, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(file, buffer.Samples, buffer.SampleRate, 1, format);
    }

    /// <summary>A LIST/INFO chunk of the tags (each value NUL-terminated, padded to even length); empty without tags.</summary>
    private static byte[] InfoChunk(IReadOnlyList<(string Id, string Value)> tags)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        using var body = new MemoryStream();
        body.Write("INFO"u8);
        Span<byte> size = stackalloc byte[4];
        foreach ((string id, string value) in tags)
        {
            if (id.Length != 4 || !id.All(char.IsAscii))
            {
                throw new ArgumentException($"RIFF INFO id '{id}' must be 4 ASCII characters.", nameof(tags));
            }

            byte[] text = [.. Encoding.UTF8.GetBytes(value), 0];
            body.Write(Encoding.ASCII.GetBytes(id));
            BinaryPrimitives.WriteInt32LittleEndian(size, text.Length);
            body.Write(size);
            body.Write(text);
            if (text.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        var chunk = new byte[8 + body.Length];
        "LIST"u8.CopyTo(chunk);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), (int)body.Length);
        body.ToArray().CopyTo(chunk, 8);
        return chunk;
    }

    private static void WriteSamples(Stream stream, ReadOnlySpan<float> samples, WavSampleFormat format)
    {
        const int Block = 1 << 14;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Block * 4);
        try
        {
            for (int start = 0; start < samples.Length; start += Block)
            {
                ReadOnlySpan<float> part = samples.Slice(start, Math.Min(Block, samples.Length - start));
                int bytes;
                if (format == WavSampleFormat.Float32)
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), part[i]);
                    }

                    bytes = part.Length * 4;
                }
                else if (format == WavSampleFormat.Pcm16Symmetric)
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        short s = (short)MathF.Round(Math.Clamp(part[i], -1f, 1f) * 32767f);
                        BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(2 * i), s);
                    }

                    bytes = part.Length * 2;
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
