using System.Buffers.Binary;

namespace Timbre.Testing;

/// <summary>WAV files written byte by byte, including ones whose header lies.</summary>
public static class RawWav
{
    /// <summary>A canonical RIFF/WAVE file: fmt chunk then data chunk; <paramref name="dataSize"/> overrides the
    /// data chunk's stated length (the bytes written stay <paramref name="data"/>).</summary>
    public static byte[] Build(int formatTag, int channels, uint sampleRate, int bits, byte[] data, uint? dataSize = null)
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * (ulong)channels * (ulong)(bits / 8)));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * (bits / 8)));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        using var o = new MemoryStream();
        o.Write("RIFF"u8);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)(4 + 8 + fmt.Length + 8 + data.Length));
        o.Write(u32);
        o.Write("WAVEfmt "u8);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)fmt.Length);
        o.Write(u32);
        o.Write(fmt);
        o.Write("data"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, dataSize ?? (uint)data.Length);
        o.Write(u32);
        o.Write(data);
        return o.ToArray();
    }

    /// <summary>16-bit mono PCM of a 440 Hz tone.</summary>
    public static byte[] Tone(double seconds, int sampleRate = 8000)
    {
        var n = (int)(seconds * sampleRate);
        var data = new byte[n * 2];
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate)));
        }

        return Build(1, 1, (uint)sampleRate, 16, data);
    }
}
