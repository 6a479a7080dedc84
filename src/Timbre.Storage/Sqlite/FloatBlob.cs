using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>Float vectors as BLOBs: IEEE-754 float32, little-endian, 4 bytes per element, no header.</summary>
public static class FloatBlob
{
    /// <summary>Encodes <paramref name="values"/> as little-endian float32 bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return bytes;
    }

    /// <summary>
    /// Decodes little-endian float32 bytes, checking there are exactly <paramref name="expectedLength"/> values.
    /// </summary>
    /// <exception cref="CatalogException">The byte count is not 4 × <paramref name="expectedLength"/>.</exception>
    public static float[] Decode(ReadOnlySpan<byte> bytes, int expectedLength, string what)
    {
        if (bytes.Length != expectedLength * sizeof(float))
        {
            throw new CatalogException(
                $"Corrupt catalog row: {what} has {bytes.Length} bytes, expected {expectedLength} float32 values ({expectedLength * sizeof(float)} bytes).");
        }

        var values = new float[expectedLength];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return values;
    }
}
