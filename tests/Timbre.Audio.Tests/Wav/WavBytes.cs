using System.Buffers.Binary;
using System.Text;

namespace Timbre.Audio.Tests.Wav;

/// <summary>Builds WAV files byte by byte, so tests control every field (including wrong ones).</summary>
internal sealed class WavBytes
{
    private readonly MemoryStream _body = new();

    public static byte[] Fmt(int tag, int channels, int rate, int bits)
    {
        var f = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(f, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), (ushort)bits);
        return f;
    }

    public static byte[] FmtExtensible(int subFormat, int channels, int rate, int bits, int validBits)
    {
        var f = new byte[40];
        Fmt(0xFFFE, channels, rate, bits).CopyTo(f, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), channels == 2 ? 3u : 0u);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(24), (ushort)subFormat);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(f, 26);
        return f;
    }

    /// <summary>A chunk with its real size (padded if odd).</summary>
    public WavBytes Chunk(string id, byte[] data) => Chunk(id, data, (uint)data.Length);

    /// <summary>A chunk whose header states <paramref name="claimedSize"/> whatever the data length.</summary>
    public WavBytes Chunk(string id, byte[] data, uint claimedSize, bool pad = true)
    {
        _body.Write(Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, claimedSize);
        _body.Write(size);
        _body.Write(data);
        if (pad && data.Length % 2 == 1)
        {
            _body.WriteByte(0);
        }

        return this;
    }

    public WavBytes Raw(byte[] bytes)
    {
        _body.Write(bytes);
        return this;
    }

    public byte[] Build(string riff = "RIFF", string wave = "WAVE")
    {
        var result = new byte[12 + _body.Length];
        Encoding.ASCII.GetBytes(riff).CopyTo(result, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(4 + _body.Length));
        Encoding.ASCII.GetBytes(wave).CopyTo(result, 8);
        _body.ToArray().CopyTo(result, 12);
        return result;
    }

    public static byte[] Int16(params short[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), values[i]);
        }

        return b;
    }

    public static byte[] Int24(params int[] values)
    {
        var b = new byte[values.Length * 3];
        for (int i = 0; i < values.Length; i++)
        {
            b[3 * i] = (byte)values[i];
            b[3 * i + 1] = (byte)(values[i] >> 8);
            b[3 * i + 2] = (byte)(values[i] >> 16);
        }

        return b;
    }

    public static byte[] Int32(params int[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), values[i]);
        }

        return b;
    }

    public static byte[] Float32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), values[i]);
        }

        return b;
    }

    public static byte[] Float64(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * i), values[i]);
        }

        return b;
    }
}

/// <summary>A read-only stream that cannot seek or tell its length, like a pipe.</summary>
internal sealed class PipeStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
