using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Wav;

/// <summary>
/// Reads RIFF/WAVE from a <see cref="Stream"/> (never opens files): PCM 8 (unsigned)/16/24/32-bit, IEEE float 32/64,
/// WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format, any channel count up to <see cref="MaxChannels"/>.
/// Unknown chunks are skipped, odd-sized chunks are padded. A data size of 0xFFFFFFFF (streamed WAV) means "read to
/// the end"; any other data size larger than what the stream holds is a truncated file and an error. Every problem is
/// an <see cref="AudioDecodingException"/> naming <c>name</c>; sizes are checked before anything is allocated.
/// </summary>
public static class WavReader
{
    /// <summary>Most channels accepted.</summary>
    public const int MaxChannels = 256;

    /// <summary>Highest sample rate accepted, Hz.</summary>
    public const int MaxSampleRate = 1_536_000;

    /// <summary>Most samples (frames × channels) one file may hold: one .NET array.</summary>
    public const long MaxSamples = int.MaxValue;

    private const int MaxFmtChunk = 1 << 16;
    private const int MaxListChunk = 1 << 20;
    private const int ChunkBytes = 1 << 16;

    /// <summary>True when <paramref name="head"/> (the first 12 bytes of a file) starts <c>RIFF….WAVE</c>.</summary>
    public static bool HasWavMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>Reads the file and averages its channels into one.</summary>
    public static AudioBuffer ReadMono(Stream stream, string name)
    {
        WavHeader header = ReadHeader(stream, name);
        return new AudioBuffer(ReadSamples(stream, header, name, mono: true), header.SampleRate);
    }

    /// <summary>Reads the file keeping every channel (interleaved).</summary>
    public static WavContent Read(Stream stream, string name)
    {
        WavHeader header = ReadHeader(stream, name);
        return new WavContent(header, ReadSamples(stream, header, name, mono: false));
    }

    /// <summary>
    /// Parses chunks up to the start of the data chunk and leaves <paramref name="stream"/> positioned there.
    /// A well-formed file with a format tag this reader does not decode gets <see cref="WavEncoding.Unsupported"/>.
    /// </summary>
    public static WavHeader ReadHeader(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[12];
        int got = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        if (got == 0)
        {
            throw Error(name, AudioFailure.Empty, null);
        }

        if (got < 12)
        {
            throw Error(name, AudioFailure.NotAudio, $"too short to be a WAV file ({got} bytes)");
        }

        if (!HasWavMagic(head))
        {
            throw Error(name, AudioFailure.NotAudio, "not a RIFF/WAVE file (wrong magic bytes)");
        }

        FmtInfo? fmt = null;
        Dictionary<string, string> tags = new(StringComparer.Ordinal);
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            got = stream.ReadAtLeast(chunkHeader, 8, throwOnEndOfStream: false);
            if (got == 0)
            {
                throw Error(name, AudioFailure.Corrupt, fmt is null ? "no fmt chunk" : "no data chunk");
            }

            if (got < 8)
            {
                throw Error(name, AudioFailure.Corrupt, "truncated chunk header");
            }

            string id = ChunkId(chunkHeader[..4]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long remaining = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
            if (id == "data")
            {
                if (fmt is not { } f)
                {
                    throw Error(name, AudioFailure.Corrupt, "data chunk before fmt chunk");
                }

                long dataLength = size == uint.MaxValue ? -1 : size;
                if (dataLength > remaining)
                {
                    throw Error(name, AudioFailure.Corrupt, $"truncated: data chunk claims {size} bytes but only {remaining} remain");
                }

                if (f.Encoding != WavEncoding.Unsupported && dataLength >= 0
                    && dataLength / (f.Bits / 8) > MaxSamples)
                {
                    throw Error(name, AudioFailure.TooLong, $"data chunk claims {dataLength / (f.Bits / 8)} samples, more than {MaxSamples}");
                }

                return new WavHeader(f.Encoding, f.Tag, f.Rate, f.Channels, f.Bits, dataLength, tags);
            }

            long padded = size + (size & 1);
            if (id == "fmt ")
            {
                if (fmt is not null)
                {
                    throw Error(name, AudioFailure.Corrupt, "two fmt chunks");
                }

                if (size < 16 || size > MaxFmtChunk)
                {
                    throw Error(name, AudioFailure.Corrupt, $"fmt chunk size {size} is invalid");
                }

                byte[] body = ReadBody(stream, (int)padded, (int)size, name, "fmt");
                fmt = ParseFmt(body.AsSpan(0, (int)size), name);
            }
            else if (id == "LIST" && size >= 4 && size <= MaxListChunk)
            {
                byte[] body = ReadBody(stream, (int)padded, (int)size, name, "LIST");
                ParseInfo(body.AsSpan(0, (int)size), tags);
            }
            else
            {
                Skip(stream, padded, remaining, name, id);
            }
        }
    }

    /// <summary>Reads the data chunk after <see cref="ReadHeader"/>: mono (mean of channels) or interleaved.</summary>
    public static float[] ReadSamples(Stream stream, WavHeader header, string name, bool mono)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Encoding == WavEncoding.Unsupported)
        {
            throw Error(name, AudioFailure.UnsupportedFormat, $"unsupported WAV format tag 0x{header.FormatTag:X4}");
        }

        int block = header.BlockAlign;
        int channels = header.Channels;
        int outPerFrame = mono ? 1 : channels;
        int framesPerChunk = Math.Max(1, ChunkBytes / block);
        byte[] raw = ArrayPool<byte>.Shared.Rent(framesPerChunk * block);
        float[] scratch = ArrayPool<float>.Shared.Rent(framesPerChunk * channels);
        long expectedFrames = header.FrameCount;

        // Only a seekable stream's data size was checked against what it holds; a pipe's claim sizes nothing up front.
        long presize = expectedFrames >= 0 && stream.CanSeek ? expectedFrames * outPerFrame + 16 : 1 << 16;
        using var output = new FloatAccumulator((int)Math.Min(presize, int.MaxValue));
        try
        {
            long bytesLeft = header.DataLength >= 0 ? expectedFrames * block : long.MaxValue;
            int carry = 0;
            long decodedSamples = 0;
            while (bytesLeft > 0)
            {
                int want = (int)Math.Min(bytesLeft, framesPerChunk * block);
                int got = stream.ReadAtLeast(raw.AsSpan(carry, want - carry), want - carry, throwOnEndOfStream: false);
                int have = carry + got;
                int frames = have / block;
                if (frames > 0)
                {
                    decodedSamples += (long)frames * channels;
                    if (decodedSamples > MaxSamples)
                    {
                        throw Error(name, AudioFailure.TooLong, $"more than {MaxSamples} samples");
                    }

                    Span<float> interleaved = scratch.AsSpan(0, frames * channels);
                    SampleConverter.ToFloat(raw.AsSpan(0, frames * block), interleaved, header.Encoding, header.BitsPerSample);
                    if (mono)
                    {
                        SampleConverter.DownMix(interleaved, output.GetSpan(frames), channels);
                        output.Advance(frames);
                    }
                    else
                    {
                        interleaved.CopyTo(output.GetSpan(interleaved.Length));
                        output.Advance(interleaved.Length);
                    }
                }

                carry = have - frames * block;
                raw.AsSpan(frames * block, carry).CopyTo(raw);
                bytesLeft -= frames * block;
                if (have < want)
                {
                    if (header.DataLength >= 0)
                    {
                        throw Error(name, AudioFailure.Corrupt, $"truncated: data chunk ends after {expectedFrames * block - bytesLeft} of {header.DataLength} bytes");
                    }

                    break;
                }
            }

            if (output.Count == 0)
            {
                throw Error(name, AudioFailure.NoSamples, "empty data chunk");
            }

            return output.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Reads exactly <c>destination.Length</c> frames from the current position (inside the data chunk) and averages
    /// their channels into <paramref name="destination"/>; a stream that ends first is a truncated file.
    /// </summary>
    internal static void ReadMonoFrames(Stream stream, WavHeader header, string name, Span<float> destination)
    {
        int block = header.BlockAlign;
        int channels = header.Channels;
        int framesPerChunk = Math.Max(1, ChunkBytes / block);
        byte[] raw = ArrayPool<byte>.Shared.Rent(framesPerChunk * block);
        float[] scratch = ArrayPool<float>.Shared.Rent(framesPerChunk * channels);
        try
        {
            while (!destination.IsEmpty)
            {
                int frames = Math.Min(framesPerChunk, destination.Length);
                int got = stream.ReadAtLeast(raw.AsSpan(0, frames * block), frames * block, throwOnEndOfStream: false);
                if (got < frames * block)
                {
                    throw Error(name, AudioFailure.Corrupt, "truncated: the data chunk ends early");
                }

                Span<float> interleaved = scratch.AsSpan(0, frames * channels);
                SampleConverter.ToFloat(raw.AsSpan(0, frames * block), interleaved, header.Encoding, header.BitsPerSample);
                SampleConverter.DownMix(interleaved, destination[..frames], channels);
                destination = destination[frames..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static FmtInfo ParseFmt(ReadOnlySpan<byte> fmt, string name)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (channels == 0)
        {
            throw Error(name, AudioFailure.Corrupt, "zero channels");
        }

        if (channels > MaxChannels)
        {
            throw Error(name, AudioFailure.UnsupportedFormat, $"{channels} channels (limit {MaxChannels})");
        }

        if (rate == 0)
        {
            throw Error(name, AudioFailure.Corrupt, "zero sample rate");
        }

        if (rate > MaxSampleRate)
        {
            throw Error(name, AudioFailure.UnsupportedFormat, $"sample rate {rate} Hz (limit {MaxSampleRate})");
        }

        if (tag == 0xFFFE)
        {
            if (fmt.Length < 40)
            {
                throw Error(name, AudioFailure.Corrupt, "WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes");
            }

            // The sub-format GUID is {tag}-0000-0010-8000-00AA00389B71 for the classic formats.
            ReadOnlySpan<byte> guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            int sub = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            tag = fmt.Slice(26, 14).SequenceEqual(guidTail) ? sub : 0xFFFE;
        }

        WavEncoding encoding = tag switch
        {
            1 => WavEncoding.Pcm,
            3 => WavEncoding.IeeeFloat,
            _ => WavEncoding.Unsupported,
        };
        bool bitsOk = encoding switch
        {
            WavEncoding.Pcm => bits is 8 or 16 or 24 or 32,
            WavEncoding.IeeeFloat => bits is 32 or 64,
            _ => true,
        };
        if (!bitsOk)
        {
            throw Error(name, AudioFailure.UnsupportedFormat, $"unsupported {(encoding == WavEncoding.Pcm ? "PCM" : "float")} bit depth {bits}");
        }

        return new FmtInfo(encoding, tag, (int)rate, channels, bits);
    }

    private static void ParseInfo(ReadOnlySpan<byte> list, Dictionary<string, string> tags)
    {
        if (!list[..4].SequenceEqual("INFO"u8))
        {
            return;
        }

        int pos = 4;
        while (pos + 8 <= list.Length)
        {
            string id = Encoding.ASCII.GetString(list.Slice(pos, 4));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(list[(pos + 4)..]);
            pos += 8;
            if (size > (uint)(list.Length - pos))
            {
                return;
            }

            string value = Encoding.UTF8.GetString(list.Slice(pos, (int)size)).TrimEnd('\0').Trim();
            string? key = id switch
            {
                "INAM" => "title",
                "IART" => "artist",
                "IPRD" => "album",
                "IGNR" => "genre",
                "ICRD" => "date",
                "ICMT" => "comment",
                "ITRK" or "IPRT" => "track",
                "ISFT" => "encoder",
                _ => null,
            };
            if (key is not null && value.Length > 0)
            {
                tags.TryAdd(key, value);
            }

            pos += (int)(size + (size & 1));
        }
    }

    private static byte[] ReadBody(Stream stream, int padded, int size, string name, string what)
    {
        var body = new byte[padded];
        int got = stream.ReadAtLeast(body, padded, throwOnEndOfStream: false);
        if (got < size)
        {
            throw Error(name, AudioFailure.Corrupt, $"truncated {what} chunk");
        }

        return body;
    }

    private static void Skip(Stream stream, long count, long remaining, string name, string id)
    {
        if (stream.CanSeek)
        {
            // A missing pad byte at the very end is tolerated; anything else beyond the end is a lie.
            if (count > remaining + 1)
            {
                throw Error(name, AudioFailure.Corrupt, $"truncated: chunk '{id}' claims {count} bytes but only {remaining} remain");
            }

            stream.Seek(Math.Min(count, remaining), SeekOrigin.Current);
            return;
        }

        byte[] discard = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (count > 0)
            {
                int got = stream.Read(discard, 0, (int)Math.Min(count, discard.Length));
                if (got == 0)
                {
                    throw Error(name, AudioFailure.Corrupt, $"truncated: chunk '{id}' runs past the end of the file");
                }

                count -= got;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    private static string ChunkId(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(chars);
    }

    private static AudioDecodingException Error(string name, AudioFailure kind, string? detail) => new(name, kind, detail);

    private readonly record struct FmtInfo(WavEncoding Encoding, int Tag, int Rate, int Channels, int Bits);
}
