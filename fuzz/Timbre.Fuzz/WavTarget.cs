using System.Buffers.Binary;
using System.Text;
using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Fuzz;

/// <summary>
/// <see cref="WavReader"/> over a seekable stream (interleaved) and a forward-only one (mono), as files and pipes
/// reach it. Bad input may only raise <see cref="AudioDecodingException"/>.
/// </summary>
internal sealed class WavTarget : IFuzzTarget
{
    public string Name => "wav";

    public void Execute(byte[] input)
    {
        try
        {
            var content = WavReader.Read(new MemoryStream(input, writable: false), "fuzz.wav");
            if (content.Interleaved.Length % content.Header.Channels != 0)
            {
                throw new FuzzInvariantException($"{content.Interleaved.Length} samples are not whole frames of {content.Header.Channels} channels");
            }
        }
        catch (AudioDecodingException)
        {
        }

        try
        {
            WavReader.ReadMono(new ForwardOnlyStream(input), "fuzz.wav");
        }
        catch (AudioDecodingException)
        {
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        float[] tone = [.. Enumerable.Range(0, 64).Select(i => MathF.Sin(i * 0.3f) * 0.8f)];
        yield return ("pcm16-mono.wav", Written(tone, 1, WavSampleFormat.Pcm16));
        yield return ("pcm16-stereo.wav", Written(tone, 2, WavSampleFormat.Pcm16));
        yield return ("float32-quad.wav", Written(tone, 4, WavSampleFormat.Float32));
        yield return ("pcm8.wav", Raw(1, 1, 8, 16, new byte[40], list: false));
        yield return ("pcm24-stereo.wav", Raw(1, 2, 24, 16, new byte[48], list: false));
        yield return ("pcm32-tags.wav", Raw(1, 1, 32, 16, new byte[32], list: true));
        yield return ("float64.wav", Raw(3, 1, 64, 16, new byte[64], list: false));
        yield return ("extensible-pcm16.wav", Raw(0xFFFE, 2, 16, 40, new byte[32], list: false));
        yield return ("streamed-size.wav", Raw(1, 1, 16, 16, new byte[30], list: false, dataSize: uint.MaxValue));
        yield return ("alaw-unsupported.wav", Raw(6, 1, 8, 18, new byte[16], list: false));
        yield return ("odd-chunk.wav", Raw(1, 1, 16, 16, new byte[20], list: true, oddJunk: true));
    }

    private static byte[] Written(float[] samples, int channels, WavSampleFormat format)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, samples.AsSpan(0, samples.Length / channels * channels), 8000, channels, format);
        return stream.ToArray();
    }

    /// <summary>A hand-laid RIFF file: fmt (of <paramref name="fmtSize"/> bytes), optional LIST/INFO and junk chunks, data.</summary>
    private static byte[] Raw(int tag, int channels, int bits, int fmtSize, byte[] data, bool list, uint? dataSize = null, bool oddJunk = false)
    {
        using var s = new MemoryStream();
        var w = new BinaryWriter(s);
        w.Write("RIFF"u8);
        w.Write(0u);
        w.Write("WAVE"u8);
        if (oddJunk)
        {
            w.Write("junk"u8);
            w.Write(3u);
            w.Write(new byte[4]);
        }

        w.Write("fmt "u8);
        w.Write((uint)fmtSize);
        var fmt = new byte[fmtSize];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(8000 * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        if (fmtSize >= 40)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 1);
            byte[] guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            guidTail.CopyTo(fmt, 26);
        }

        w.Write(fmt);
        if (list)
        {
            byte[] title = Encoding.UTF8.GetBytes("Fuzz tóne\0");
            w.Write("LIST"u8);
            w.Write((uint)(4 + 8 + title.Length));
            w.Write("INFO"u8);
            w.Write("INAM"u8);
            w.Write((uint)title.Length);
            w.Write(title);
        }

        w.Write("data"u8);
        w.Write(dataSize ?? (uint)data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 37);
        }

        w.Write(data);
        w.Flush();
        return s.ToArray();
    }

    /// <summary>A stream that cannot seek or tell its length, like a pipe or a request body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
