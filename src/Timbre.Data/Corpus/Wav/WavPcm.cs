using System.Buffers.Binary;
using System.Text;
using Timbre.Core.Errors;

namespace Timbre.Data.Corpus.Wav;

/// <summary>Interleaved float samples as read from a WAV file.</summary>
internal sealed record WavData(float[] Interleaved, int Channels, int SampleRate);

/// <summary>Minimal RIFF/WAVE reader (PCM 16/24/32, IEEE float 32, WAVE_FORMAT_EXTENSIBLE) and PCM16 mono writer for the corpus generator.</summary>
internal static class WavPcm
{
    public static WavData Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> b = bytes;
        if (b.Length < 12 || !b[..4].SequenceEqual("RIFF"u8) || !b.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new AudioDecodingException(path, AudioFailure.NotAudio, "not a RIFF/WAVE file");
        }

        int format = 0, channels = 0, rate = 0, bits = 0;
        int pos = 12;
        while (pos + 8 <= b.Length)
        {
            ReadOnlySpan<byte> id = b.Slice(pos, 4);
            int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(pos + 4, 4)), (uint)(b.Length - pos - 8));
            ReadOnlySpan<byte> body = b.Slice(pos + 8, size);
            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE && size >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels <= 0 || rate <= 0)
                {
                    throw new AudioDecodingException(path, AudioFailure.Corrupt, "data chunk before a valid fmt chunk");
                }

                return new WavData(Decode(path, body, format, bits), channels, rate);
            }

            pos += 8 + size + (size & 1);
        }

        throw new AudioDecodingException(path, AudioFailure.Corrupt, "no data chunk");
    }

    private static float[] Decode(string path, ReadOnlySpan<byte> data, int format, int bits)
    {
        int width = bits / 8;
        var samples = new float[data.Length / Math.Max(1, width)];
        for (int i = 0; i < samples.Length; i++)
        {
            ReadOnlySpan<byte> s = data.Slice(i * width, width);
            samples[i] = (format, bits) switch
            {
                (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                (1, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                _ => throw new AudioDecodingException(path, AudioFailure.UnsupportedFormat, $"unsupported WAV encoding (format {format}, {bits} bits)"),
            };
        }

        return samples;
    }

    /// <summary>
    /// Writes 16-bit PCM mono; samples are clamped to [-1, 1] and rounded (no dither, so output is deterministic).
    /// <paramref name="tags"/> (RIFF INFO ids such as INAM title, IART artist, IPRD album; UTF-8 values) go into a
    /// LIST/INFO chunk before the data.
    /// </summary>
    public static void WriteMono16(Stream output, ReadOnlySpan<float> samples, int sampleRate, IReadOnlyList<(string Id, string Value)>? tags = null)
    {
        byte[] info = InfoChunk(tags ?? []);
        int dataBytes = samples.Length * 2;
        var header = new byte[36];
        Span<byte> h = header;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + info.Length + dataBytes);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], 16);
        output.Write(header);
        output.Write(info);
        Span<byte> data = stackalloc byte[8];
        "data"u8.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data[4..], dataBytes);
        output.Write(data);
        var pcm = new byte[dataBytes];
        for (int i = 0; i < samples.Length; i++)
        {
            short v = (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767f);
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), v);
        }

        output.Write(pcm);
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
}
